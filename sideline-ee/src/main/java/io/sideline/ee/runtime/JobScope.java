package io.sideline.ee.runtime;

import io.sideline.ee.TransactionNotCommittedException;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The job the current thread is performing. The worker opens it around the invocation of the job bean;
 * the interceptor claims it and records what {@code perform} returned; the worker then completes the job
 * (one completion path, on the worker's own thread).
 *
 * <p>A thread-local, because the worker and the interceptor run on the same thread within one call
 * (as Sidekiq keeps its job context in the thread). It is claimed once, so a job bean that calls
 * another job bean's {@code perform} directly does not complete the job twice.
 *
 * <p>When {@code perform} returned inside a JTA transaction, the interceptor marks the result as awaiting
 * the commit, and the transaction's {@code afterCompletion} settles it: committed, or not (rolled back, failed
 * commit). The transaction manager may call {@code afterCompletion} on another thread (a timed-out transaction
 * is rolled back by its timer), so the outcome is an atomic state: the first to settle it wins, and the worker
 * {@linkplain #result() takes} a result only once it settled as committed.
 */
public final class JobScope implements AutoCloseable {

    private static final ThreadLocal<JobScope> CURRENT = new ThreadLocal<>();

    /** Where the job's transaction, if any, stands. */
    private enum Commit { NONE, AWAITED, COMMITTED, NOT_COMMITTED, ABANDONED }

    private final FetchedJob job;
    private boolean claimed;
    private boolean performed;
    private Object returned;
    private final AtomicReference<Commit> commit = new AtomicReference<>(Commit.NONE);
    private volatile String notCommitted;
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

    /** True for the first caller only: the one whose return value completes the job. */
    public boolean claim() {
        if (claimed) {
            return false;
        }
        claimed = true;
        return true;
    }

    /** Records the claimed {@code perform}'s return value: the job's output once it is completed. */
    public void performed(Object value) {
        performed = true;
        returned = value;
    }

    /** {@code perform} returned inside a JTA transaction: the job may complete only once it committed. */
    public void awaitCommit() {
        commit.set(Commit.AWAITED);
    }

    /** Called from the transaction's {@code afterCompletion}, on whatever thread ended it; first call wins. */
    public boolean transactionEnded(boolean committed, String status) {
        if (!committed) {
            notCommitted = status;
        }
        return commit.compareAndSet(Commit.AWAITED, committed ? Commit.COMMITTED : Commit.NOT_COMMITTED);
    }

    /**
     * What the claimed {@code perform} returned, to complete the job with, once its transaction (if any)
     * committed.
     *
     * @throws TransactionNotCommittedException when the transaction rolled back or its commit failed, or had
     *         not ended when the job bean's invocation returned (it then can never advance the workflow)
     */
    public Object result() {
        if (!performed) {
            throw new IllegalStateException("job " + job.payload().jid() + " has not been performed");
        }
        commit.compareAndSet(Commit.AWAITED, Commit.ABANDONED);
        Commit state = commit.get();
        if (state == Commit.NOT_COMMITTED || state == Commit.ABANDONED) {
            throw new TransactionNotCommittedException(job.payload().jobName(), job.payload().jid(),
                    state == Commit.ABANDONED ? "had not ended when the job returned" : notCommitted);
        }
        return returned;
    }

    /** Whether the job was completed, and how. */
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
