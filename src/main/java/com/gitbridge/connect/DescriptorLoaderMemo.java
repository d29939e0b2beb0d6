package com.gitbridge.connect;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * The Connect library reads, resolves and parses {@code atlassian-connect.json} whenever it needs the app's key or
 * base URL: for every JWT it verifies and every request it signs (a sixth of the CPU of an API request). The
 * descriptor cannot change while the app runs, so its loader is wrapped to answer from the first reading. The loader
 * is internal to the library, hence the proxy by class name instead of a subclass.
 */
@Component
class DescriptorLoaderMemo implements BeanPostProcessor {

    private static final String LOADER = "com.atlassian.connect.spring.internal.descriptor.AddonDescriptorLoader";
    private static final Set<String> MEMOIZED = Set.of("getDescriptor", "getRawDescriptor");

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (!bean.getClass().getName().equals(LOADER)) {
            return bean;
        }
        Map<String, Object> answers = new ConcurrentHashMap<>();
        ProxyFactory proxy = new ProxyFactory(bean);
        proxy.setProxyTargetClass(true);
        proxy.addAdvice((MethodInterceptor) call -> {
            String method = call.getMethod().getName();
            if (call.getMethod().getParameterCount() != 0 || !MEMOIZED.contains(method)) {
                return call.proceed();
            }
            Object answer = answers.get(method);
            if (answer == null) {
                answer = call.proceed();
                answers.put(method, answer);
            }
            return answer;
        });
        return proxy.getProxy(bean.getClass().getClassLoader());
    }
}
