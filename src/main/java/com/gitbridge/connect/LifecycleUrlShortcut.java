package com.gitbridge.connect;

import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * The Connect library asks for every request whether it goes to the install or uninstall callback, and answers by
 * parsing the request's URL and the descriptor's twice over (a twenty-fifth of an API request's CPU). Such a request's
 * path ends with the callback's path, so any other request gets "no" at once; the few that might be one are still
 * answered by the library. Its helper is internal, hence the proxy by class name.
 */
@Component
class LifecycleUrlShortcut implements BeanPostProcessor {

    private static final String HELPER = "com.atlassian.connect.spring.internal.auth.LifecycleURLHelper";
    private static final Set<String> QUESTIONS = Set.of("isRequestToLifecycleURL", "isRequestToInstalledLifecycle",
            "isRequestToUninstalledLifecycle");

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (!bean.getClass().getName().equals(HELPER)) {
            return bean;
        }
        ProxyFactory proxy = new ProxyFactory(bean);
        proxy.setProxyTargetClass(true);
        proxy.addAdvice((MethodInterceptor) call -> {
            Object[] arguments = call.getArguments();
            if (QUESTIONS.contains(call.getMethod().getName()) && arguments.length == 1
                    && arguments[0] instanceof HttpServletRequest request && !mightBeLifecycle(request)) {
                return false;
            }
            return call.proceed();
        });
        return proxy.getProxy(bean.getClass().getClassLoader());
    }

    static boolean mightBeLifecycle(HttpServletRequest request) {
        String path = request.getRequestURI();
        return path == null || path.endsWith(ConnectDescriptor.INSTALLED_PATH)
                || path.endsWith(ConnectDescriptor.UNINSTALLED_PATH);
    }
}
