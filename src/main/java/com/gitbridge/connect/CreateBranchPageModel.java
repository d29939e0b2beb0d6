package com.gitbridge.connect;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;

/**
 * Gives the create-branch page's view its page token ({@code pageToken}), the one its form posts back in a hidden
 * field of that name: the page's controller neither makes nor reads it.
 */
final class CreateBranchPageModel implements HandlerInterceptor {

    @Override
    public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler,
                           ModelAndView modelAndView) {
        if (modelAndView != null && !modelAndView.wasCleared()) {
            Object pageToken = request.getAttribute(CreateBranchPageFilter.PAGE_TOKEN_ATTRIBUTE);
            if (pageToken != null) {
                modelAndView.addObject(CreateBranchPageFilter.PAGE_TOKEN_FIELD, pageToken);
            }
        }
    }
}
