package io.sideline.ee.worker;

import io.sideline.ee.runtime.FetchedJob;
import io.sideline.ee.telemetry.JobLogTag;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * What one fetcher is performing right now, and since when: the job's thread publishes it, the
 * {@link JobWatchdog} reads it. It also arbitrates between the job's own end and the watchdog's moves, so
 * that exactly one of them records the attempt's outcome:
 * <ul>
 *   <li>{@link #interrupt} (watchdog, past the timeout) interrupts the thread only while the job is still
 *       performing; once the job thread {@link #settle settled}, no interrupt can reach it any more;</li>
 *   <li>{@link #abandon} (watchdog, when the interrupt was ignored) takes the attempt over: the watchdog fails
 *       it and the job thread, when it returns, records nothing.</li>
 * </ul>
 * In-process only: no Redis command is spent per job on timeouts.
 */
final class JobSlot {

    /** The job performs; no one has touched it. */
    static final int RUNNING = 0;
    /** Past its timeout: its thread was interrupted. */
    static final int INTERRUPTED = 1;
    /** The job thread has returned (or thrown) and records the outcome itself. */
    static final int SETTLED = 2;
    /** The watchdog gave up on the thread and failed the attempt on its behalf. */
    static final int ABANDONED = 3;

    /** One attempt in flight. */
    static final class Attempt {
        final FetchedJob job;
        final Thread thread;
        final long startedMs;
        final long timeoutMs;
        final AtomicBoolean reported = new AtomicBoolean();
        private int state = RUNNING;

        Attempt(FetchedJob job, Thread thread, long startedMs, long timeoutMs) {
            this.job = job;
            this.thread = thread;
            this.startedMs = startedMs;
            this.timeoutMs = timeoutMs;
        }

        /** What an operator may see of the job: name, jid and run, never its arguments. */
        String describe() {
            return "job " + job.payload().jobName() + " " + JobLogTag.of(job.payload());
        }
    }

    private final long defaultTimeoutMs;
    private final Consumer<Throwable> errors;
    private volatile Attempt current;

    /**
     * @param defaultTimeoutMs {@code sideline.job.timeout-ms}: the limit of a job that declares none (0: none)
     * @param errors           where errors thrown by jobs are reported (to notice a JVM that cannot go on)
     */
    JobSlot(long defaultTimeoutMs, Consumer<Throwable> errors) {
        this.defaultTimeoutMs = defaultTimeoutMs;
        this.errors = errors;
    }

    /** The job thread begins an attempt; {@code declaredTimeoutMs} is the job's own (-1: the default). */
    void begin(FetchedJob job, long declaredTimeoutMs) {
        long timeout = declaredTimeoutMs < 0 ? defaultTimeoutMs : declaredTimeoutMs;
        current = new Attempt(job, Thread.currentThread(), System.currentTimeMillis(), timeout);
    }

    /**
     * The job thread has returned from {@code perform}: from now on no interrupt reaches it.
     *
     * @return the state it settled from: {@link #RUNNING}, {@link #INTERRUPTED} (it timed out), or
     *         {@link #ABANDONED} (the watchdog failed it already: record nothing)
     */
    int settle() {
        Attempt attempt = current;
        if (attempt == null) {
            return RUNNING;
        }
        synchronized (attempt) {
            int before = attempt.state;
            if (before != ABANDONED) {
                attempt.state = SETTLED;
            }
            if (before == INTERRUPTED) {
                Thread.interrupted(); // our interrupt is spent: it must not cut the fetcher's next wait short
            }
            return before;
        }
    }

    /** The job thread is done with the attempt. */
    void end() {
        current = null;
    }

    void reportError(Throwable error) {
        errors.accept(error);
    }

    Attempt current() {
        return current;
    }

    /** Interrupts the attempt's thread if it still performs; true when this call did. */
    boolean interrupt(Attempt attempt) {
        synchronized (attempt) {
            if (attempt.state != RUNNING || current != attempt) {
                return false;
            }
            attempt.state = INTERRUPTED;
            attempt.thread.interrupt();
            return true;
        }
    }

    /** Takes over an interrupted attempt whose thread has not returned; true when this call did. */
    boolean abandon(Attempt attempt) {
        synchronized (attempt) {
            if (attempt.state != INTERRUPTED || current != attempt) {
                return false;
            }
            attempt.state = ABANDONED;
            return true;
        }
    }

    static boolean timedOut(Attempt attempt) {
        synchronized (attempt) {
            return attempt.state == INTERRUPTED || attempt.state == ABANDONED;
        }
    }
}
