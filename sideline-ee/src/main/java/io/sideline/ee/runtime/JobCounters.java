package io.sideline.ee.runtime;

import io.sideline.ee.RunState;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
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
    /** How far behind the current minute a minute must be before its empty counts are dropped. */
    private static final long RETIRE_AFTER_MS = 10 * MINUTE_MS;

    /** The counts of one minute not yet flushed. */
    public record Counts(long processed, long failed) {
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

    /**
     * One job name in one queue. Every finished job looks its key up: equality and hash are written out, since a
     * record's generated ones (through method handles) showed in the per-step profile.
     */
    public record JobKey(String job, String queue) {
        @Override
        public boolean equals(Object other) {
            return other instanceof JobKey key && Objects.equals(job, key.job) && Objects.equals(queue, key.queue);
        }

        @Override
        public int hashCode() {
            return 31 * Objects.hashCode(job) + Objects.hashCode(queue);
        }
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

    /**
     * The counts of one minute: added to without a lock by every job thread; {@link #drain} takes what was added since
     * the last drain (the {@code flushed} marks, guarded by the {@link JobCounters} lock).
     */
    private static final class Minute {
        final long start;
        final LongAdder processed = new LongAdder();
        final LongAdder failed = new LongAdder();
        long flushedProcessed;
        long flushedFailed;
        int idleDrains;

        Minute(long start) {
            this.start = start;
        }
    }

    private final LongAdder processed = new LongAdder();
    private final Map<JobKey, JobCounts> byJob = new ConcurrentHashMap<>();
    private final LongAdder runsStarted = new LongAdder();
    private final LongAdder failed = new LongAdder();
    /** Minute start (ms) to its counts, flushed or not; a minute long drained empty is dropped. */
    private final Map<Long, Minute> minutes = new ConcurrentHashMap<>();
    /** The minute most jobs count in now: the lookup most calls skip. */
    private volatile Minute current = new Minute(Long.MIN_VALUE);
    /** Run ends counted here, by the state the run ended in (index: {@link RunState#ordinal()}). */
    private final LongAdder[] runsFinished = newAdders(RunState.values().length);

    /**
     * Counts one finished job ({@code failed}: its attempt failed) at {@code nowMs}. Called by every job thread once
     * per attempt: no lock and no allocation (a lock here was contended by every worker thread).
     */
    public void finished(boolean failed, long nowMs) {
        processed.increment();
        long start = nowMs - nowMs % MINUTE_MS;
        Minute minute = current;
        if (minute.start != start) {
            minute = minutes.computeIfAbsent(start, Minute::new);
            current = minute;
        }
        minute.processed.increment();
        if (failed) {
            this.failed.increment();
            minute.failed.increment();
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
    public void runFinished(RunState state) {
        runsFinished[state.ordinal()].increment();
    }

    /** Run ends in {@code state} this process counted since it started. */
    public long runsFinished(RunState state) {
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
        Map<Long, Counts> taken = new HashMap<>();
        for (Minute minute : minutes.values()) {
            long processedNow = minute.processed.sum();
            long failedNow = minute.failed.sum();
            if (processedNow != minute.flushedProcessed || failedNow != minute.flushedFailed) {
                taken.put(minute.start, new Counts(processedNow - minute.flushedProcessed,
                        failedNow - minute.flushedFailed));
                minute.flushedProcessed = processedNow;
                minute.flushedFailed = failedNow;
                minute.idleDrains = 0;
            } else if (++minute.idleDrains > 2 && minute.start < current.start - RETIRE_AFTER_MS) {
                // a minute long past, drained empty three times: a job thread would have to have stalled for
                // minutes between reading it and counting in it for a count to land there now
                minutes.remove(minute.start);
            }
        }
        return taken;
    }

    /** Puts back counts whose flush failed, so the next heartbeat writes them. */
    public synchronized void restore(Map<Long, Counts> unflushed) {
        unflushed.forEach((start, counts) -> {
            Minute minute = minutes.computeIfAbsent(start, Minute::new);
            minute.flushedProcessed -= counts.processed();
            minute.flushedFailed -= counts.failed();
        });
    }

    /** Jobs this process has finished since it started. */
    public long processed() {
        return processed.sum();
    }

    /** Jobs whose attempt failed in this process since it started. */
    public long failed() {
        return failed.sum();
    }
}
