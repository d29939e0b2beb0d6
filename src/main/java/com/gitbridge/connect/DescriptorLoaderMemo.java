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
 * base URL: several times for every request (to verify a JWT, to tell a lifecycle callback, to check a Forge token)
 * and for every request it signs. That took over a quarter of an API request's CPU (docs/performance.md). The
 * descriptor cannot change while the app runs, so its loader is wrapped to answer from the first reading. The loader
 * is internal to the library, hence the proxy by class name; {@code DescriptorLoaderMemoTest} fails if the library
 * renames what it wraps.
 */
@Component
class DescriptorLoaderMemo implements BeanPostProcessor {

    static final String LOADER = "com.atlassian.connect.spring.internal.descriptor.AddonDescriptorLoader";
    static final Set<String> MEMOIZED = Set.of("getDescriptor", "getRawDescriptor");

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
