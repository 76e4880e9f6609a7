package io.sideline.ee;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The read side of operating sideline-ee (inject it): runs by state, queues (and pausing them), workers, job counts
 * and the dead, retry and scheduled sets. Each method maps onto one endpoint of the dashboard's JSON API
 * ({@code GET api/runs}, {@code api/queues}, {@code api/workers}, {@code api/stats}, {@code api/dead|retry|scheduled}).
 * Lists are pages of at most {@link #MAX_PAGE} items read through an index, never a scan of the keyspace; a page's
 * {@code next} cursor continues after its last item (a cursor, not a snapshot: items that arrive or leave between two
 * pages may be missed or seen twice). What each call costs in Redis is in docs/operations.md.
 */
public interface SidelineAdmin {

    /** The largest page any list returns: a request for more is refused, so one request stays bounded in memory. */
    int MAX_PAGE = 500;

    /**
     * Runs newest first (by start time).
     *
     * @param state  only runs in this state, or null for every run
     * @param limit  1 to {@link #MAX_PAGE}
     * @param cursor the {@code next} of the previous page, or null for the first
     * @throws IllegalArgumentException for a limit out of range or a cursor that is not one
     */
    Page<RunStatus> runs(RunState state, int limit, String cursor);

    /**
     * A run's graph: its workflow tree (as normalized at launch) in its JSON form, every job node with {@code state}
     * (pending, scheduled, queued, running, retrying, succeeded, dead) and {@code jid} (null while not planned), a
     * dead or retrying one also its last {@code error} ({@code error_class}, {@code error_message}, {@code
     * retry_count}) where its failure recorded it (from 2026-12-04); empty when the run is unknown or expired, or was started by a release that stored no graph.
     */
    Optional<String> graph(String runId);

    /** Every queue a job was ever enqueued to: its size, latency and whether it is paused, by name. */
    List<QueueInfo> queues();

    /**
     * Pauses a queue: no worker fetches its jobs any more (each learns it with its next heartbeat, within
     * {@code sideline.heartbeat.interval-ms}); jobs may still be enqueued to it. Idempotent.
     *
     * @throws IllegalArgumentException for a name that is not a valid queue name
     */
    void pause(String queue);

    /** Resumes a paused queue (idempotent): workers fetch from it again after their next heartbeat. */
    void resume(String queue);

    /** The workers whose heartbeat is alive, by id. */
    List<WorkerInfo> workers();

    /** Jobs processed and failed, all time and per minute for the last {@link JobStats#HISTORY_HOURS} hours. */
    JobStats stats();

    /**
     * A page of the dead set (newest failure first), the retry set or the schedule (soonest due first).
     *
     * @throws IllegalArgumentException for a limit out of range or a cursor that is not one
     */
    Page<JobEntry> jobs(JobSet set, int limit, String cursor);

    /**
     * One page of a list.
     *
     * @param items the items, at most the limit asked for
     * @param next  the cursor of the next page, or null when this is the last
     */
    record Page<T>(List<T> items, String next) {
        public Page {
            items = List.copyOf(items);
        }

        /** The next page's cursor, when there is one. */
        public Optional<String> nextCursor() {
            return Optional.ofNullable(next);
        }
    }

    /**
     * A queue.
     *
     * @param size      jobs waiting in it
     * @param latencyMs how long its oldest job has waited (from its {@code enqueued_at}); 0 when it is empty
     * @param paused    whether workers skip it
     */
    record QueueInfo(String name, long size, long latencyMs, boolean paused) {
    }

    /**
     * A worker (one server), from its heartbeat.
     *
     * @param busy          jobs it holds right now (its in-progress list)
     * @param lastHeartbeat when it last said it was alive (its own clock)
     */
    record WorkerInfo(String id, String host, long pid, List<String> queues, int concurrency, long busy,
                      Instant startedAt, Instant lastHeartbeat) {
        public WorkerInfo {
            queues = List.copyOf(queues);
        }
    }

    /**
     * Job counts, Sidekiq's way: {@code processed} counts every job a worker finished, failed or not;
     * {@code failed} those that failed (an attempt that will be retried included).
     *
     * @param history one entry per minute of the last {@link #HISTORY_HOURS} hours that saw any job, oldest first
     */
    record JobStats(long processed, long failed, List<MinuteCount> history) {
        /** How many hours of per-minute history are kept (and returned). */
        public static final int HISTORY_HOURS = 6;

        public JobStats {
            history = List.copyOf(history);
        }
    }

    /** The jobs processed and failed in the minute that starts at {@code minute}. */
    record MinuteCount(Instant minute, long processed, long failed) {
    }

    /** The sets of jobs that wait outside the queues. */
    enum JobSet {
        /** Jobs that failed for good (newest first). */
        DEAD,
        /** Jobs that failed and will be tried again (soonest first). */
        RETRY,
        /** Jobs started with a delay, not due yet (soonest first). */
        SCHEDULED
    }

    /**
     * A job in the dead, retry or scheduled set, as its payload says.
     *
     * @param args       its arguments, as JSON text (an array)
     * @param runId      its run, or null for a job of no run
     * @param at         when it is due (retry, scheduled) or when it died (dead)
     * @param errorClass the class of its last error, or null (scheduled jobs, unreadable payloads)
     * @param failedAt   when it last failed, or null
     */
    record JobEntry(String jid, String jobClass, String queue, String args, String runId, String errorClass,
                    String errorMessage, Instant failedAt, int retryCount, Instant at) {
    }
}
