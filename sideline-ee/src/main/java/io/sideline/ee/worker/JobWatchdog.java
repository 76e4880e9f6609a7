package io.sideline.ee.worker;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Watches the jobs this server's fetchers perform, in process (no Redis command): a job running longer than
 * {@code sideline.job.warn-after-ms} is logged once (name, jid, run; never its arguments); one past its timeout
 * has its thread interrupted (Java can only ask); one that ignores the interrupt for as long again as its
 * timeout (at most {@value #MAX_IGNORE_MS} ms more) is handed to {@code abandon}, which fails it and gives
 * its fetcher's slot to a new thread.
 */
final class JobWatchdog extends Loop {

    private static final Logger LOG = Logger.getLogger(JobWatchdog.class.getName());
    /** How often to look: bounds how late a timeout fires; a look costs a few field reads per fetcher. */
    static final long INTERVAL_MS = 100;
    /** The longest a job may ignore its interrupt before its fetcher is replaced. */
    static final long MAX_IGNORE_MS = 30_000;

    private final Supplier<List<FetchLoop>> fetchers;
    private final long warnAfterMs;
    private final BiConsumer<FetchLoop, JobSlot.Attempt> abandon;

    /**
     * @param warnAfterMs {@code sideline.job.warn-after-ms}; 0: never
     * @param abandon     fails the interrupted job of a fetcher that ignored the interrupt and replaces the fetcher
     */
    JobWatchdog(StopSignal stop, Supplier<List<FetchLoop>> fetchers, long warnAfterMs,
                BiConsumer<FetchLoop, JobSlot.Attempt> abandon) {
        super("job watchdog", stop);
        this.fetchers = fetchers;
        this.warnAfterMs = warnAfterMs;
        this.abandon = abandon;
    }

    @Override
    protected long tick() {
        long now = System.currentTimeMillis();
        for (FetchLoop fetcher : fetchers.get()) {
            JobSlot slot = fetcher.slot();
            JobSlot.Attempt attempt = slot.current();
            if (attempt != null) {
                watch(fetcher, slot, attempt, now - attempt.startedMs);
            }
        }
        return INTERVAL_MS;
    }

    private void watch(FetchLoop fetcher, JobSlot slot, JobSlot.Attempt attempt, long elapsedMs) {
        if (warnAfterMs > 0 && elapsedMs >= warnAfterMs && attempt.reported.compareAndSet(false, true)) {
            LOG.warning(() -> "sideline: " + attempt.describe() + " has been running for more than " + warnAfterMs
                    + " ms on " + fetcher.name());
        }
        long timeout = attempt.timeoutMs;
        if (timeout <= 0 || elapsedMs < timeout) {
            return;
        }
        if (slot.interrupt(attempt)) {
            LOG.warning(() -> "sideline: " + attempt.describe() + " ran longer than its timeout of " + timeout
                    + " ms; interrupting it");
        } else if (elapsedMs >= timeout + ignoreAllowanceMs(timeout) && slot.abandon(attempt)) {
            abandon.accept(fetcher, attempt);
        }
    }

    /** How long an interrupted job may take to notice: as long again as its timeout, at most 30 s. */
    static long ignoreAllowanceMs(long timeoutMs) {
        return Math.min(timeoutMs, MAX_IGNORE_MS);
    }

    /** Whether an attempt has run longer than {@code warnAfterMs} (for the liveness data). */
    static boolean longRunning(JobSlot.Attempt attempt, long nowMs, long warnAfterMs) {
        return warnAfterMs > 0 && nowMs - attempt.startedMs >= warnAfterMs;
    }
}
