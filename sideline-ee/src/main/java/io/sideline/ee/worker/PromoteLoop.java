package io.sideline.ee.worker;

import io.sideline.ee.runtime.Scheduler;

/**
 * Sidekiq's scheduled-job poller, made eager: promotes due delayed and retried jobs, then sleeps until
 * the next one is due but never longer than the poll interval (jobs scheduled by other servers are seen
 * within it). The poll interval therefore bounds how late a WithDelay step starts.
 */
final class PromoteLoop extends Loop {

    /** Jobs moved per set per script call: keeps each call short so Redis stays responsive. */
    private static final int BATCH = 500;

    private final Scheduler scheduler;
    private final long pollIntervalMs;

    PromoteLoop(StopSignal stop, Scheduler scheduler, long pollIntervalMs) {
        super("promoter", stop);
        this.scheduler = scheduler;
        this.pollIntervalMs = pollIntervalMs;
    }

    @Override
    protected long tick() {
        long nextDueMs = scheduler.promoteDue(BATCH);
        return nextDueMs < 0 ? pollIntervalMs : Math.min(nextDueMs, pollIntervalMs);
    }
}
