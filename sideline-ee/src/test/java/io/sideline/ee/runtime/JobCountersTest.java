package io.sideline.ee.runtime;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** In-process job counts: per minute until flushed, totals for metrics, nothing lost by a failed flush. */
class JobCountersTest {

    @Test
    void countsAreKeptPerMinuteUntilDrainedAndTotalsKeepCounting() {
        JobCounters counters = new JobCounters();
        counters.finished(false, 60_000);
        counters.finished(true, 119_999);
        counters.finished(false, 120_000);

        assertEquals(Map.of(60_000L, new JobCounters.Counts(2, 1), 120_000L, new JobCounters.Counts(1, 0)),
                counters.drain());
        assertTrue(counters.drain().isEmpty(), "drained once");
        assertEquals(3, counters.processed());
        assertEquals(1, counters.failed());
    }

    @Test
    void countsWhoseFlushFailedAreFlushedWithTheNextOnes() {
        JobCounters counters = new JobCounters();
        counters.finished(false, 60_000);
        Map<Long, JobCounters.Counts> failedFlush = counters.drain();
        counters.finished(true, 60_001);

        counters.restore(failedFlush);

        assertEquals(Map.of(60_000L, new JobCounters.Counts(2, 1)), counters.drain());
    }

    @Test
    void jobThreadsCountingWhileTheHeartbeatDrainsNeitherLoseNorRepeatACount() throws Exception {
        JobCounters counters = new JobCounters();
        int threads = 8;
        int each = 50_000;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                for (int i = 0; i < each; i++) {
                    counters.finished(i % 10 == 0, 60_000L * (i / 10_000)); // five minutes, one failure in ten
                }
            }));
        }
        long processed = 0;
        long failed = 0;
        while (!done.stream().allMatch(java.util.concurrent.Future::isDone)) {
            for (JobCounters.Counts counts : counters.drain().values()) {
                processed += counts.processed();
                failed += counts.failed();
            }
        }
        pool.shutdown();
        for (java.util.concurrent.Future<?> f : done) {
            f.get();
        }
        for (JobCounters.Counts counts : counters.drain().values()) {
            processed += counts.processed();
            failed += counts.failed();
        }
        assertEquals((long) threads * each, processed);
        assertEquals((long) threads * each / 10, failed);
    }

    @Test
    void countsByJobAndQueueSplitFailuresIntoRetriedAndDeadAndKeepTheTotals() {
        JobCounters counters = new JobCounters();
        counters.finished("A", "default", JobCounters.Outcome.SUCCEEDED, 60_000);
        counters.finished("A", "default", JobCounters.Outcome.RETRIED, 60_000);
        counters.finished("A", "default", JobCounters.Outcome.DEAD, 60_000);
        counters.finished("A", "other", JobCounters.Outcome.SUCCEEDED, 60_000);
        Map<JobCounters.JobKey, long[]> seen = new java.util.HashMap<>();
        counters.eachJob((key, c) -> seen.put(key, new long[] {c.processed(), c.failed(), c.retried(), c.dead()}));
        assertEquals(2, seen.size());
        assertTrue(java.util.Arrays.equals(new long[] {3, 2, 1, 1}, seen.get(new JobCounters.JobKey("A", "default"))));
        assertTrue(java.util.Arrays.equals(new long[] {1, 0, 0, 0}, seen.get(new JobCounters.JobKey("A", "other"))));
        assertEquals(4, counters.processed(), "the totals the admin stats flush count the same attempts");
        assertEquals(2, counters.failed());
        assertEquals(new JobCounters.Counts(4, 2), counters.drain().get(60_000L));
    }

    @Test
    void jobNamesBeyondTheSeriesCapAreCountedTogether() {
        JobCounters counters = new JobCounters();
        for (int i = 0; i < JobCounters.MAX_SERIES + 5; i++) {
            counters.finished("Job" + i, "default", JobCounters.Outcome.SUCCEEDED, 0);
        }
        Map<JobCounters.JobKey, Long> seen = new java.util.HashMap<>();
        counters.eachJob((key, c) -> seen.put(key, c.processed()));
        assertEquals(JobCounters.MAX_SERIES + 1, seen.size(), "labels stay bounded whatever names payloads carry");
        assertEquals(5L, seen.get(new JobCounters.JobKey(JobCounters.OTHER, "default")));
    }

    @Test
    void runsStartedAddUp() {
        JobCounters counters = new JobCounters();
        counters.startedRuns(1);
        counters.startedRuns(3);
        assertEquals(4, counters.runsStarted());
    }
}
