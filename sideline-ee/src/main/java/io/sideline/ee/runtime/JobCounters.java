package io.sideline.ee.runtime;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

/**
 * Jobs processed and failed by this process, counted in memory (Sidekiq's way: no Redis write per job) and flushed
 * to Redis with the heartbeat, per minute ({@link #drain}). The one source of job counts: the admin API's stats
 * read what the flushes wrote, and metrics read {@link #processed()} and {@link #failed()} here.
 * {@code processed} counts every job finished, failed or not; {@code failed} the failures (retried ones included).
 * The same counts are also kept since start by job name and queue ({@link #eachJob}, what the metrics export), with
 * the failures split into retried and dead, and the runs this process started ({@link #runsStarted()}).
 */
public final class JobCounters {

    private static final long MINUTE_MS = 60_000;

    /** The counts of one minute not yet flushed. */
    public record Counts(long processed, long failed) {
        Counts plus(Counts other) {
            return new Counts(processed + other.processed, failed + other.failed);
        }
    }

    /**
     * The most (job name, queue) pairs counted apart: a payload from Redis may name any job, and metric labels must
     * stay few. Past it, jobs are counted under {@link #OTHER} in their queue.
     */
    public static final int MAX_SERIES = 1000;
    /** The job name that stands for every job beyond {@link #MAX_SERIES}. */
    public static final String OTHER = "_other";

    /** How an attempt ended. */
    public enum Outcome {
        /** It completed. */
        SUCCEEDED,
        /** It failed and will be tried again. */
        RETRIED,
        /** It failed for good: moved to the dead set. */
        DEAD
    }

    /** One job name in one queue. */
    public record JobKey(String job, String queue) {
    }

    /** The counts of one job name in one queue since start; failed is retried plus dead. */
    public static final class JobCounts {
        private final LongAdder processed = new LongAdder();
        private final LongAdder retried = new LongAdder();
        private final LongAdder dead = new LongAdder();

        public long processed() {
            return processed.sum();
        }

        public long failed() {
            return retried.sum() + dead.sum();
        }

        public long retried() {
            return retried.sum();
        }

        public long dead() {
            return dead.sum();
        }
    }

    private final AtomicLong processed = new AtomicLong();
    private final Map<JobKey, JobCounts> byJob = new ConcurrentHashMap<>();
    private final LongAdder runsStarted = new LongAdder();
    /** Run ends counted here, by the state the run ended in (index: {@link io.sideline.ee.RunState#ordinal()}). */
    private final LongAdder[] runsFinished = newAdders(io.sideline.ee.RunState.values().length);
    private final AtomicLong failed = new AtomicLong();
    /** Minute start (ms) to its counts not yet flushed; guarded by this. */
    private Map<Long, Counts> pending = new HashMap<>();

    /** Counts one finished job ({@code failed}: its attempt failed) at {@code nowMs}. */
    public void finished(boolean failed, long nowMs) {
        processed.incrementAndGet();
        if (failed) {
            this.failed.incrementAndGet();
        }
        Counts one = new Counts(1, failed ? 1 : 0);
        synchronized (this) {
            pending.merge(nowMs - nowMs % MINUTE_MS, one, Counts::plus);
        }
    }

    /** Counts one finished attempt of job {@code job} from {@code queue} at {@code nowMs}, also by name and queue. */
    public void finished(String job, String queue, Outcome outcome, long nowMs) {
        finished(outcome != Outcome.SUCCEEDED, nowMs);
        JobCounts counts = byJob.get(new JobKey(job, queue));
        if (counts == null) {
            JobKey key = byJob.size() < MAX_SERIES ? new JobKey(job, queue) : new JobKey(OTHER, queue);
            counts = byJob.computeIfAbsent(key, k -> new JobCounts());
        }
        counts.processed.increment();
        if (outcome == Outcome.RETRIED) {
            counts.retried.increment();
        } else if (outcome == Outcome.DEAD) {
            counts.dead.increment();
        }
    }

    /** Counts {@code n} runs this process started (new runs, not the idempotent repeats of one). */
    public void startedRuns(long n) {
        runsStarted.add(n);
    }

    /** Runs this process started since it started. */
    public long runsStarted() {
        return runsStarted.sum();
    }

    /**
     * Counts one end of a run in {@code state}, seen by this process: a success where a completion released the run's
     * root barrier, any other end where its announcement is delivered (see {@code RunEndLoop}).
     */
    public void runFinished(io.sideline.ee.RunState state) {
        runsFinished[state.ordinal()].increment();
    }

    /** Run ends in {@code state} this process counted since it started. */
    public long runsFinished(io.sideline.ee.RunState state) {
        return runsFinished[state.ordinal()].sum();
    }

    private static LongAdder[] newAdders(int n) {
        LongAdder[] adders = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            adders[i] = new LongAdder();
        }
        return adders;
    }

    /** Hands each (job name, queue) counted since start, with its counts, to {@code each}. */
    public void eachJob(BiConsumer<JobKey, JobCounts> each) {
        byJob.forEach(each);
    }

    /** Takes the counts not yet flushed, by minute start (ms); {@link #restore} them when the flush fails. */
    public synchronized Map<Long, Counts> drain() {
        Map<Long, Counts> taken = pending;
        pending = new HashMap<>();
        return taken;
    }

    /** Puts back counts whose flush failed, so the next heartbeat writes them. */
    public synchronized void restore(Map<Long, Counts> unflushed) {
        unflushed.forEach((minute, counts) -> pending.merge(minute, counts, Counts::plus));
    }

    /** Jobs this process has finished since it started. */
    public long processed() {
        return processed.get();
    }

    /** Jobs whose attempt failed in this process since it started. */
    public long failed() {
        return failed.get();
    }
}
