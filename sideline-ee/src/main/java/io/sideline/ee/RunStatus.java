package io.sideline.ee;

import java.time.Instant;
import java.util.List;

/**
 * A snapshot of a workflow run.
 *
 * @param runId      the run id (a UUID), carried as {@code sideline_run_id} in every job of the run
 * @param state      RUNNING, SUCCEEDED or FAILED
 * @param jobsTotal  jobs in the workflow tree
 * @param jobsDone   jobs that completed successfully
 * @param jobsFailed jobs that went to the dead set
 * @param startedAt  when the run was started
 * @param finishedAt when it succeeded or failed; null while running
 * @param progressAt when a job of the run last completed or failed (or the run started)
 * @param stalled    true when the run is RUNNING but made no progress for longer than
 *                   {@code sideline.run.stall-after-ms}: something may be stuck, look at it. A run whose next
 *                   work is scheduled (a delay or a retry) is waiting, not stalled, until that work is due
 * @param failureReason why the run FAILED when no job's failure says it (e.g. it reached
 *                   {@code sideline.run.max-age}); null otherwise
 * @param unservedQueues while RUNNING, the queues of the run's workflow that no live worker serves (their jobs wait
 *                   until a server that fetches from them starts); empty otherwise
 * @param hungJobs   while RUNNING: the run's jobs performing for longer than {@code sideline.job.warn-after-ms}
 *                   ("job NAME [run=R jid=J] on worker W since T", never their arguments); empty otherwise
 * @param callbacks  how the run's callbacks (see {@code Workflow#onSuccess}) went, beside its state, which they never
 *                   change: null when none ran (none set, none applies to how it ended, or it has not ended),
 *                   RUNNING while any of them is still to run or running, FAILED when any of them failed (or was
 *                   cancelled), SUCCEEDED when all that ran succeeded
 */
public record RunStatus(String runId, RunState state, long jobsTotal, long jobsDone, long jobsFailed,
                        Instant startedAt, Instant finishedAt, Instant progressAt, boolean stalled,
                        String failureReason, List<String> unservedQueues, List<String> hungJobs,
                        RunState callbacks) {

    public RunStatus {
        unservedQueues = unservedQueues == null ? List.of() : List.copyOf(unservedQueues);
        hungJobs = hungJobs == null ? List.of() : List.copyOf(hungJobs);
    }

    /** A status of a run whose callbacks did not run. */
    public RunStatus(String runId, RunState state, long jobsTotal, long jobsDone, long jobsFailed,
                     Instant startedAt, Instant finishedAt, Instant progressAt, boolean stalled,
                     String failureReason, List<String> unservedQueues, List<String> hungJobs) {
        this(runId, state, jobsTotal, jobsDone, jobsFailed, startedAt, finishedAt, progressAt, stalled, failureReason,
                unservedQueues, hungJobs, null);
    }

    /** A status without a failure reason, unserved queues or hung jobs (the form before they were reported). */
    public RunStatus(String runId, RunState state, long jobsTotal, long jobsDone, long jobsFailed,
                     Instant startedAt, Instant finishedAt, Instant progressAt, boolean stalled) {
        this(runId, state, jobsTotal, jobsDone, jobsFailed, startedAt, finishedAt, progressAt, stalled, null,
                List.of(), List.of(), null);
    }
}
