package io.sideline.ee.worker;

import io.sideline.ee.JobTimeoutException;
import io.sideline.ee.RedisUnavailableException;
import io.sideline.ee.RunState;
import io.sideline.ee.codec.JobPayload;
import io.sideline.ee.codec.MalformedPayloadException;
import io.sideline.ee.codec.PayloadCodec;
import io.sideline.ee.runtime.Completion;
import io.sideline.ee.runtime.FetchedJob;
import io.sideline.ee.runtime.JobCounters;
import io.sideline.ee.runtime.JobInvoker;
import io.sideline.ee.runtime.JobQueue;
import io.sideline.ee.runtime.JobScope;
import io.sideline.ee.runtime.Normalizer;
import io.sideline.ee.runtime.RetryPolicy;
import io.sideline.ee.telemetry.JobLogTag;
import io.sideline.ee.telemetry.JobTrace;
import io.sideline.ee.telemetry.Metrics;
import io.sideline.ee.telemetry.Tracing;

import java.lang.reflect.InvocationTargetException;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one fetched job: decodes it, performs it inside a {@link JobScope}, completes it with what the
 * interceptor recorded (once the job's transaction, if any, committed),
 * and on failure records a retry or a dead entry. A payload that does not parse goes to the dead set at
 * once, wrapped with the reason. Nothing thrown here stops the worker.
 */
public final class Processor {

    private static final Logger LOG = Logger.getLogger(Processor.class.getName());
    private static final String TIMEOUT = JobTimeoutException.class.getName();

    private final PayloadCodec codec;
    private final JobInvoker invoker;
    private final BiFunction<FetchedJob, Object, Completion> completer;
    private final JobQueue queue;
    private final RetryPolicy retryPolicy;
    private final RedisRetry bookkeeping;
    private final LongSupplier clock;
    private final JobCounters counters;
    private final Tracing tracing;
    private final Metrics metrics;
    /** Whether a run is known to be cancelled (the worker's view, see {@link #watchCancels}); for the job's span. */
    private volatile Predicate<String> cancelledRuns = runId -> false;

    /**
     * @param completer completes a job with what its {@code perform} returned (validates and persists the
     *                  output, counts barriers, launches continuations), retrying while Redis is unreachable
     */
    public Processor(PayloadCodec codec, JobInvoker invoker, BiFunction<FetchedJob, Object, Completion> completer,
                     JobQueue queue, RetryPolicy retryPolicy, RedisRetry bookkeeping, LongSupplier clock) {
        this(codec, invoker, completer, queue, retryPolicy, bookkeeping, clock, new JobCounters(), Tracing.OFF);
    }

    /**
     * @param counters where every finished job is counted (flushed with the heartbeat, read by metrics)
     * @param tracing  traces each job's execution (see {@link Tracing})
     */
    public Processor(PayloadCodec codec, JobInvoker invoker, BiFunction<FetchedJob, Object, Completion> completer,
                     JobQueue queue, RetryPolicy retryPolicy, RedisRetry bookkeeping, LongSupplier clock,
                     JobCounters counters, Tracing tracing) {
        this(codec, invoker, completer, queue, retryPolicy, bookkeeping, clock, counters, tracing, Metrics.OFF);
    }

    /** @param metrics records each attempt's duration and queue wait (see {@link Metrics}) */
    public Processor(PayloadCodec codec, JobInvoker invoker, BiFunction<FetchedJob, Object, Completion> completer,
                     JobQueue queue, RetryPolicy retryPolicy, RedisRetry bookkeeping, LongSupplier clock,
                     JobCounters counters, Tracing tracing, Metrics metrics) {
        this.counters = counters;
        this.tracing = tracing;
        this.metrics = metrics;
        this.codec = codec;
        this.invoker = invoker;
        this.completer = completer;
        this.queue = queue;
        this.retryPolicy = retryPolicy;
        this.bookkeeping = bookkeeping;
        this.clock = clock;
    }

    /** Runs one job; see {@link #process(String, String, String)}. */
    public void process(String raw, String workerId) {
        process(raw, workerId, null);
    }

    /**
     * Runs one job.
     *
     * @param prefetchQueue the queue from which the job's completion may take the worker's next job, or null
     * @return that next job (already in the worker's in-progress list: the caller must run it or hand it
     *         back), or null
     */
    public String process(String raw, String workerId, String prefetchQueue) {
        return process(raw, workerId, prefetchQueue, new JobSlot(0, error -> { }));
    }

    /** Runs one job, publishing it in {@code slot} while it performs (for timeouts and hung-job reports). */
    String process(String raw, String workerId, String prefetchQueue, JobSlot slot) {
        try {
            return decodeAndPerform(raw, workerId, prefetchQueue, slot);
        } catch (RedisUnavailableException e) {
            throw e; // the job stays in progress; it is retried or handed back when the worker stops
        } catch (RuntimeException e) {
            // A defect of ours must not strand the job in the in-progress list of a live worker: bury it visibly.
            LOG.log(Level.SEVERE, "sideline: internal error while processing a job; moving it to the dead set", e);
            String entry = codec.deadEntryForUnreadable(raw, "internal error: " + e, clock.getAsLong());
            bookkeeping.run("bury a job after an internal error", () -> queue.fail(workerId, raw, entry, false, 0, null));
            return null;
        }
    }

    private String decodeAndPerform(String raw, String workerId, String prefetchQueue, JobSlot slot) {
        JobPayload payload;
        try {
            payload = codec.decode(raw);
        } catch (MalformedPayloadException e) {
            LOG.warning(() -> "sideline: unreadable payload moved to the dead set: " + e.getMessage());
            String entry = codec.deadEntryForUnreadable(raw, e.getMessage(), clock.getAsLong());
            bookkeeping.run("bury an unreadable payload", () -> queue.fail(workerId, raw, entry, false, 0, null));
            return null;
        }
        return perform(new FetchedJob(raw, payload, workerId, prefetchQueue), slot);
    }

    /**
     * Any {@link Throwable} of the job is its failure, {@code Error}s included (a {@code StackOverflowError} of
     * a recursion, an {@code OutOfMemoryError} of one huge allocation): the job is retried or buried with the
     * error's class, and the worker goes on. Repeated {@code OutOfMemoryError}s are reported to the slot, which
     * decides whether this JVM can go on at all (see {@link JvmHealth}). An attempt the watchdog abandoned (it
     * ignored its timeout and was failed meanwhile) completes nothing when it finally returns.
     *
     * @return the next job the completion took, if any
     */
    private String perform(FetchedJob job, JobSlot slot) {
        JobScope scope = JobScope.open(job);
        long startedMs = clock.getAsLong();
        long startedNanos = metrics.on() ? System.nanoTime() : 0;
        String errorType = null; // the class that failed the attempt, for the duration's label
        JobTrace trace = tracing.startJob(job.payload(), startedMs); // JobTrace.NONE while tracing is off
        try (scope) {
            boolean noop = Normalizer.NOOP_JOB.equals(job.payload().jobName());
            slot.begin(job, noop ? 0 : invoker.timeoutMs(job.payload().jobName()));
            Object result = noop ? null : invoker.invoke(job);
            if (slot.settle() != JobSlot.ABANDONED) {
                if (scope.claim()) {
                    scope.performed(result); // no interceptor claimed it: the no-op job, or an interceptor not enabled
                }
                // The one completion path, on this thread, after the job's transaction (if any) committed.
                Completion completion = completer.apply(job, scope.result());
                scope.completed(completion);
                countRunSuccess(job.payload(), completion);
                counters.finished(job.payload().jobName(), job.payload().queue(), JobCounters.Outcome.SUCCEEDED,
                        clock.getAsLong());
            } else {
                errorType = TIMEOUT; // the watchdog failed it for ignoring its timeout
            }
        } catch (Throwable thrown) {
            Throwable failure = unwrap(thrown);
            slot.reportError(failure);
            JobSlot.Attempt attempt = slot.current();
            int settled = slot.settle();
            if (settled == JobSlot.ABANDONED) {
                errorType = TIMEOUT;
                LOG.warning(() -> "sideline: " + attempt.describe() + " finally returned, long after it was failed "
                        + "for ignoring its timeout; its late outcome (" + failure + ") is ignored");
            } else if (settled == JobSlot.INTERRUPTED) {
                errorType = TIMEOUT;
                failed(job, new JobTimeoutException(attempt.describe() + " ran longer than its timeout of "
                        + attempt.timeoutMs + " ms and was interrupted", failure), trace);
            } else {
                errorType = failure.getClass().getName();
                failed(job, failure, trace);
            }
        } finally {
            slot.end();
            ended(job.payload(), trace, startedMs, startedNanos, errorType);
        }
        return scope.completion().map(Completion::next).orElse(null);
    }

    /**
     * Counts the run's success when this completion ended it, as the completion's own reply says (no Redis read): it
     * released the run's root while the run was RUNNING. A run that a cancel ended while its last job ran, on another
     * server or before this one learned of it, stays CANCELLED and is counted where that end is delivered.
     */
    private void countRunSuccess(JobPayload payload, Completion completion) {
        if (completion != null && completion.kind() == Completion.Kind.DONE && payload.runId() != null
                && completion.endedRun()) {
            counters.runFinished(RunState.SUCCEEDED);
        }
    }

    /** Closes the attempt's span (noting a cancel of its run) and records its duration and queue wait. */
    private void ended(JobPayload payload, JobTrace trace, long startedMs, long startedNanos, String errorType) {
        if (tracing.on() && payload.runId() != null && cancelledRuns.test(payload.runId())) {
            trace.cancelled();
        }
        trace.close();
        if (metrics.on()) {
            Long enqueuedAt = payload.enqueuedAt();
            metrics.jobEnded(payload.jobName(), payload.queue(), System.nanoTime() - startedNanos,
                    enqueuedAt == null ? -1 : Math.max(0, startedMs - enqueuedAt), errorType);
        }
    }

    /** Fails an attempt whose thread ignored its interrupt (called by the watchdog, not the job's thread). */
    void failIgnoredTimeout(JobSlot.Attempt attempt) {
        failed(attempt.job, new JobTimeoutException(attempt.describe() + " ran longer than its timeout of "
                + attempt.timeoutMs + " ms and ignored the interrupt", null), JobTrace.NONE);
    }

    /** The queue a payload names, or empty when it does not parse. */
    Optional<String> queueOf(String raw) {
        try {
            return Optional.of(codec.decode(raw).queue());
        } catch (MalformedPayloadException e) {
            return Optional.empty();
        }
    }

    /** Tells the job spans which runs are cancelled: the worker's view, updated by its heartbeat and its cancels. */
    void watchCancels(Predicate<String> cancelled) {
        this.cancelledRuns = cancelled;
    }

    /** The job counts of this process. */
    public JobCounters counters() {
        return counters;
    }

    private void failed(FetchedJob job, Throwable failure, JobTrace trace) {
        JobPayload failed = job.payload().failed(failure.getClass().getName(), message(failure), clock.getAsLong());
        boolean retry = retryPolicy.shouldRetry(failed, failure, invoker.maxRetries(failed.jobName()));
        counters.finished(failed.jobName(), failed.queue(), retry ? JobCounters.Outcome.RETRIED
                : JobCounters.Outcome.DEAD, clock.getAsLong());
        long delay = retry ? retryPolicy.delayMs(failed.retryCount()) : 0;
        trace.failed(failure, failed.retryCount(), retry, delay);
        LOG.log(retry ? Level.INFO : Level.WARNING, failure, () -> "sideline: job " + failed.jobName() + " "
                + JobLogTag.of(failed) + " failed (attempt " + failed.retryCount() + "), "
                + (retry ? "retrying in " + delay + " ms" : "moved to the dead set"));
        String stored = codec.encode(failed);
        bookkeeping.run("record the failure of job " + failed.jid(),
                () -> queue.fail(job.workerId(), job.raw(), stored, retry, delay, failed.runId()));
    }

    private static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while (current instanceof InvocationTargetException && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    private static String message(Throwable t) {
        String message = t.getMessage();
        return message == null ? t.getClass().getSimpleName() : message;
    }
}
