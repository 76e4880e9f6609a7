package io.sideline.ee.worker;

import io.sideline.ee.RedisUnavailableException;
import io.sideline.ee.runtime.RunStore;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Watches the jobs this server's fetchers perform, in process (no Redis command): a job running longer than
 * {@code sideline.job.warn-after-ms} is logged once (name, jid, run; never its arguments); one past its timeout
 * has its thread interrupted (Java can only ask); one that ignores the interrupt for as long again as its
 * timeout (at most {@value #MAX_IGNORE_MS} ms more) is handed to {@code abandon}, which fails it and gives
 * its fetcher's slot to a new thread.
 *
 * <p>A job of a run that is reported is also noted in its run's status ({@code RunStatus.hungJobs}) until the
 * attempt ends: one Redis command when it is reported and one when it ends, for hung jobs only.
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
    private final RunStore runs;
    private final String workerId;
    /** Attempts noted in their run's status, to clear once they are no fetcher's current attempt any more. */
    private final Set<JobSlot.Attempt> noted = new HashSet<>();

    /**
     * @param warnAfterMs {@code sideline.job.warn-after-ms}; 0: never
     * @param abandon     fails the interrupted job of a fetcher that ignored the interrupt and replaces the fetcher
     * @param runs        where a reported job of a run is noted in the run's status
     * @param workerId    this worker, named in that note
     */
    JobWatchdog(StopSignal stop, Supplier<List<FetchLoop>> fetchers, long warnAfterMs,
                BiConsumer<FetchLoop, JobSlot.Attempt> abandon, RunStore runs, String workerId) {
        super("job watchdog", stop);
        this.fetchers = fetchers;
        this.warnAfterMs = warnAfterMs;
        this.abandon = abandon;
        this.runs = runs;
        this.workerId = workerId;
    }

    @Override
    protected long tick() {
        long now = System.currentTimeMillis();
        Set<JobSlot.Attempt> current = new HashSet<>();
        for (FetchLoop fetcher : fetchers.get()) {
            JobSlot slot = fetcher.slot();
            JobSlot.Attempt attempt = slot.current();
            if (attempt != null) {
                current.add(attempt);
                watch(fetcher, slot, attempt, now - attempt.startedMs);
            }
        }
        clearEnded(current);
        return INTERVAL_MS;
    }

    /** Notes a reported job in its run's status (a job outside any run has no status to note it in). */
    private void note(JobSlot.Attempt attempt) {
        String runId = attempt.job.payload().runId();
        if (runId == null) {
            return;
        }
        noted.add(attempt);
        String description = attempt.describe() + " on worker " + workerId + " since "
                + Instant.ofEpochMilli(attempt.startedMs);
        try {
            runs.reportHung(runId, attempt.job.payload().jid(), description);
        } catch (RedisUnavailableException e) {
            LOG.fine(() -> "sideline: could not note the hung " + attempt.describe() + " in its run: " + e.getMessage());
        }
    }

    /** Clears the note of every noted attempt that has ended (returned, failed, or abandoned with its fetcher). */
    private void clearEnded(Set<JobSlot.Attempt> current) {
        for (var it = noted.iterator(); it.hasNext(); ) {
            JobSlot.Attempt attempt = it.next();
            if (current.contains(attempt)) {
                continue;
            }
            try {
                runs.clearHung(attempt.job.payload().runId(), attempt.job.payload().jid());
                it.remove();
            } catch (RedisUnavailableException e) {
                return; // kept: cleared at a later look, once Redis answers
            }
        }
    }

    private void watch(FetchLoop fetcher, JobSlot slot, JobSlot.Attempt attempt, long elapsedMs) {
        if (warnAfterMs > 0 && elapsedMs >= warnAfterMs && attempt.reported.compareAndSet(false, true)) {
            LOG.warning(() -> "sideline: " + attempt.describe() + " has been running for more than " + warnAfterMs
                    + " ms on " + fetcher.name());
            note(attempt);
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
