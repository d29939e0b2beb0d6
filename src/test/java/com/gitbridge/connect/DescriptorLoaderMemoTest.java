package com.gitbridge.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.Map;

import com.gitbridge.testing.AppTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

/** The descriptor loader the memo wraps is still there under its name, wrapped, and read once. */
class DescriptorLoaderMemoTest extends AppTestBase {

    @Autowired
    ApplicationContext context;

    @Test
    void theLibraryStillHasTheLoaderAndTheMethodsTheMemoAnswers() throws Exception {
        Class<?> loader = Class.forName(DescriptorLoaderMemo.LOADER);
        for (String name : DescriptorLoaderMemo.MEMOIZED) {
            Method method = loader.getMethod(name);
            assertThat(method.getParameterCount()).as(name).isZero();
            assertThat(method.getReturnType()).as(name).isNotEqualTo(void.class);
        }
    }

    @Test
    void theLoaderInTheAppIsWrappedAndAnswersFromItsFirstReading() throws Exception {
        Class<?> loaderClass = Class.forName(DescriptorLoaderMemo.LOADER);
        Map<String, ?> loaders = context.getBeansOfType(loaderClass);
        assertThat(loaders).hasSize(1);
        Object loader = loaders.values().iterator().next();
        assertThat(AopUtils.isAopProxy(loader)).isTrue();

        for (String name : DescriptorLoaderMemo.MEMOIZED) {
            Method method = loaderClass.getMethod(name);
            Object first = method.invoke(loader);
            assertThat(first).as(name).isNotNull();
            assertThat(method.invoke(loader)).as(name).isSameAs(first);
        }
    }
}
