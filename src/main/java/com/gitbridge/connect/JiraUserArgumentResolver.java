package com.gitbridge.connect;

import com.atlassian.connect.spring.AtlassianHostUser;
import com.gitbridge.jira.JiraUser;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Gives controllers the {@link JiraUser} of the verified Connect JWT, Forge invocation token or, on the create-branch
 * page, page token.
 */
class JiraUserArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return JiraUser.class.equals(parameter.getParameterType());
    }

    @Override
    public JiraUser resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
                                    NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
        AtlassianHostUser hostUser = ConnectJwts.current().map(ConnectJwts::hostUser)
                .or(() -> ForgeInvocation.current().map(ForgeInvocation::hostUser))
                .or(() -> CreateBranchPageAuthentication.current().map(CreateBranchPageAuthentication::hostUser))
                .orElseThrow(() -> new IllegalStateException("No verified Connect JWT or Forge token on a request that needs one"));
        var host = hostUser.getHost();
        return new JiraUser(host.getClientKey(), host.getBaseUrl(), hostUser.getUserAccountId().orElse(null));
    }
}
