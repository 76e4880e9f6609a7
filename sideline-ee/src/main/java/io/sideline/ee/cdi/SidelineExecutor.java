package io.sideline.ee.cdi;

import jakarta.inject.Qualifier;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Qualifies an {@code ExecutorService} bean that should run sideline's loops instead of the executor that
 * {@code sideline.executor} selects (see {@link WorkerLifecycle}): produce one to choose any executor, such as a
 * {@code ManagedExecutorService} injected with {@code @Resource}. It must run all the loops at once.
 */
@Qualifier
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE})
public @interface SidelineExecutor {
}
