package io.sideline.ee.runtime;

import java.util.Optional;

/**
 * The job the current thread is performing. The worker opens it around the invocation of the job bean;
 * the interceptor claims it and completes the job when {@code perform} returns.
 *
 * <p>A thread-local, because the worker and the interceptor run on the same thread within one call
 * (as Sidekiq keeps its job context in the thread). It is claimed once, so a job bean that calls
 * another job bean's {@code perform} directly does not complete the job twice.
 */
public final class JobScope implements AutoCloseable {

    private static final ThreadLocal<JobScope> CURRENT = new ThreadLocal<>();

    private final FetchedJob job;
    private boolean claimed;
    private Completion completion;

    private JobScope(FetchedJob job) {
        this.job = job;
    }

    public static JobScope open(FetchedJob job) {
        if (CURRENT.get() != null) {
            throw new IllegalStateException("a job scope is already open on this thread");
        }
        JobScope scope = new JobScope(job);
        CURRENT.set(scope);
        return scope;
    }

    public static Optional<JobScope> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    public FetchedJob job() {
        return job;
    }

    /** True for the first caller only: the one that completes the job. */
    public boolean claim() {
        if (claimed) {
            return false;
        }
        claimed = true;
        return true;
    }

    /** Whether the interceptor completed the job, and how. */
    public Optional<Completion> completion() {
        return Optional.ofNullable(completion);
    }

    public void completed(Completion result) {
        this.completion = result;
    }

    @Override
    public void close() {
        CURRENT.remove();
    }
}
