package com.gitbridge.connect;

import java.io.IOException;

import com.atlassian.connect.spring.AtlassianHostUser;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * The JSON API under {@code /api} takes exactly the context JWT that {@code AP.context.getToken()} gives a page
 * ({@code qsh = "context-qsh"}) and names a user. Pages, by contrast, are checked by the Connect library's own
 * interceptor, which demands a {@code qsh} that matches the request. A Forge invocation token that
 * {@link ForgeInvocationFilter} tied to a site takes the place of the context JWT, and must name a user too.
 */
class ContextJwtInterceptor implements HandlerInterceptor {

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws Exception {
        if (request.getDispatcherType() != DispatcherType.REQUEST) {
            return true;
        }
        var forge = ForgeInvocation.current();
        if (forge.isPresent()) {
            return namesUser(forge.get().hostUser(), response);
        }
        var jwt = ConnectJwts.current();
        if (jwt.isEmpty()) {
            UnauthorizedResponse.send(response, "A Connect context JWT is required");
            return false;
        }
        if (!ConnectJwts.CONTEXT_QSH.equals(jwt.get().qsh())) {
            UnauthorizedResponse.send(response, "Only context JWTs are accepted here");
            return false;
        }
        return namesUser(jwt.get().hostUser(), response);
    }

    private static boolean namesUser(AtlassianHostUser hostUser, HttpServletResponse response) throws IOException {
        if (hostUser.getUserAccountId().isEmpty()) {
            UnauthorizedResponse.send(response, "The token names no user");
            return false;
        }
        return true;
    }
}
