package io.sideline.ee.cdi;

import jakarta.inject.Qualifier;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Qualifies an {@code ExecutorService} bean that should run sideline's loops instead of the server's
 * managed threads from {@code java:comp/DefaultManagedThreadFactory}: produce one to choose a
 * dedicated {@code ManagedExecutorService}.
 */
@Qualifier
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE})
public @interface SidelineExecutor {
}
