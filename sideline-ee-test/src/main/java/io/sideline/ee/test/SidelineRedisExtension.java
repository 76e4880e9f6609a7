package io.sideline.ee.test;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test a {@link SidelineRedis} parameter (test methods, {@code @BeforeEach}, {@code @BeforeAll},
 * constructors): the shared test Redis, found once per JVM, with a key prefix of the test's own. A test
 * method and its {@code @BeforeEach} methods get the same prefix; the next test a new one. Use it through
 * {@link WithSidelineRedis}.
 */
public class SidelineRedisExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SidelineRedisExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == SidelineRedis.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(SidelineRedis.class, key -> SidelineRedis.fresh(),
                SidelineRedis.class);
    }
}
