package io.sideline.ee;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a CDI bean as a sideline job: a bean with exactly one public {@code perform(...)} method.
 *
 * <p>The job's name is {@link #value()} when given, otherwise the simple class name. Names are
 * collected when the application deploys; a duplicate name or a bean without a usable {@code perform}
 * fails the deployment. Job names read from Redis are only ever looked up in that registry.
 *
 * <p>It is also the interceptor binding of the sideline interceptor, through which the job's step of its
 * workflow (barriers, continuations) is completed after {@code perform} returns normally and its JTA
 * transaction, if any, committed.
 *
 * <p>{@link #timeoutMs()} bounds how long one attempt may run: past it the worker interrupts the job's
 * thread and records the attempt as failed with {@link JobTimeoutException} (retried like any failure).
 * {@link #queue()} and {@link #retry()} are the job's own defaults for where it runs and how often it is retried.
 */
@Inherited
@InterceptorBinding
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface SidelineJob {

    /** The job name; empty means the simple class name. */
    @Nonbinding
    String value() default "";

    /**
     * Milliseconds one attempt of {@code perform} may run before it is interrupted and failed with
     * {@link JobTimeoutException}: {@code -1} (the default) uses {@code sideline.job.timeout-ms}, {@code 0} means
     * no limit. Java can only ask a thread to stop: a job that ignores the interrupt is failed anyway after as
     * long again (at most 30 s more), and its thread is replaced so the worker keeps its capacity.
     */
    @Nonbinding
    long timeoutMs() default -1;

    /**
     * The queue the job runs on when a workflow names none (Sidekiq's {@code sidekiq_options queue:}); empty (the
     * default) means {@code sideline.queues}' first queue. A queue given in the workflow itself (the JSON form's
     * {@code queue}, {@code Job.onQueue}) still wins for that one step. Some server must fetch from it
     * ({@code sideline.queues}).
     */
    @Nonbinding
    String queue() default "";

    /**
     * How many times a failed attempt is retried before the job goes to the dead set (Sidekiq's
     * {@code sidekiq_options retry:}): {@code 0} sends the first failure straight to the dead set; {@code -1} (the
     * default) uses {@code sideline.retry.max}. The backoff stays {@code sideline.retry.backoff-*}.
     */
    @Nonbinding
    int retry() default -1;
}
