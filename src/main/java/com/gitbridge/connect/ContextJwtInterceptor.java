package com.gitbridge.connect;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * The JSON API under {@code /api} takes exactly the context JWT that {@code AP.context.getToken()} gives a page
 * ({@code qsh = "context-qsh"}) and names a user. Pages, by contrast, are checked by the Connect library's own
 * interceptor, which demands a {@code qsh} that matches the request.
 */
class ContextJwtInterceptor implements HandlerInterceptor {

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws Exception {
        if (request.getDispatcherType() != DispatcherType.REQUEST) {
            return true;
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
        if (jwt.get().hostUser().getUserAccountId().isEmpty()) {
            UnauthorizedResponse.send(response, "The token names no user");
            return false;
        }
        return true;
    }
}
