package com.gitbridge.connect;

import com.gitbridge.jira.JiraUser;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Gives controllers the {@link JiraUser} of the verified Connect JWT. */
class JiraUserArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return JiraUser.class.equals(parameter.getParameterType());
    }

    @Override
    public JiraUser resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
                                    NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
        var jwt = ConnectJwts.current()
                .orElseThrow(() -> new IllegalStateException("No verified Connect JWT on a request that needs one"));
        var host = jwt.hostUser().getHost();
        return new JiraUser(host.getClientKey(), host.getBaseUrl(), jwt.hostUser().getUserAccountId().orElse(null));
    }
}
