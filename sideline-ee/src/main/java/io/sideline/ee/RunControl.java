package io.sideline.ee;

/**
 * Mutations on runs and jobs, for operators (an admin API, a dashboard): cancel a run, retry a failed run, retry
 * ("run now") or delete one job of the dead set, the retry set or the schedule. Inject it
 * ({@code @Inject RunControl control;}). Every call is one atomic Redis script; none costs the workers anything
 * per step. Requires {@code sideline.barrier.type=atomic} (the default): with {@code at-most-once} every call is
 * refused with the reason (that barrier's completion cannot see a halted run).
 */
public interface RunControl {

    /** The sets of waiting or failed jobs that can be acted on one job at a time. */
    enum JobSet {
        /** Jobs that exhausted their retries ({@code P dead}). */
        DEAD,
        /** Jobs waiting for their next attempt ({@code P retry}). */
        RETRY,
        /** Jobs waiting for their delay ({@code P schedule}). */
        SCHEDULED
    }

    /**
     * Cancels a running run: it becomes {@link RunState#CANCELLED} at once; its queued, scheduled and retrying jobs
     * never start (they are parked with the run); jobs already running may finish, but advance nothing (what they
     * would start is parked too), and {@link JobContext#isCancelled()} tells them to stop early. Idempotent: a
     * cancelled run answers {@code APPLIED} again; a finished run is {@code REFUSED}, an unknown one
     * {@code NOT_FOUND}.
     */
    ControlResult cancel(String runId);

    /**
     * Retries a {@link RunState#FAILED} run: its dead jobs and the jobs parked when it failed are enqueued again and
     * it is {@code RUNNING} from where it stopped (successors of the failed jobs run after them; nothing that
     * succeeded runs again). A retried job keeps its {@code retry_count}: one more failure sends it back to the dead
     * set. Refused when the run is not FAILED, or when a barrier its jobs report to has expired
     * ({@code sideline.barrier.ttl}): the reason names it.
     */
    ControlResult retry(String runId);

    /**
     * Enqueues one job now: from the dead set (a retry: when it was its run's last dead job, the run resumes as
     * with {@link #retry}), or from the retry set or the schedule ("run now").
     */
    ControlResult retryJob(JobSet set, String jid);

    /**
     * Deletes one job. A dead job's run stays FAILED. A retrying or scheduled job of a run is refused (its run
     * could never finish without it): cancel the run instead.
     */
    ControlResult deleteJob(JobSet set, String jid);
}
