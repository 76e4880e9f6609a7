package io.sideline.ee;

import java.util.List;

/**
 * The CDI event fired once a run has ended (SUCCEEDED, FAILED or CANCELLED), on one server, to every
 * {@code @Observes RunFinished} method of the application:
 *
 * <pre>{@code void ended(@Observes RunFinished run) { log.info(run.runId() + " ended " + run.state()); }}</pre>
 *
 * <p>Delivered <b>at least once</b> per end of a run: the script that ends the run announces the end in the same atomic
 * step; a server takes it, fires this event and then acknowledges it. Should that server die before the
 * acknowledgement, another fires it again, so an observer must tolerate a repeat (e.g. by the run id). A retried run
 * that ends again fires it again (a later {@link #generation()}). An observer that throws is logged; the event counts as
 * delivered. The callback runs of a workflow fire none.
 *
 * @param runId      the run
 * @param state      how it ended
 * @param jobsTotal  jobs in its workflow
 * @param jobsDone   jobs that completed
 * @param jobsFailed jobs that went to the dead set
 * @param failedJobs the jobs of the run in the dead set when the event was fired (empty when none failed)
 * @param generation the how-manieth end of the run this is (1, or more after a {@link RunControl#retry})
 */
public record RunFinished(String runId, RunState state, long jobsTotal, long jobsDone, long jobsFailed,
                          List<FailedJob> failedJobs, long generation) {

    public RunFinished {
        failedJobs = failedJobs == null ? List.of() : List.copyOf(failedJobs);
    }

    /** A dead job of the run: its job id and job name. */
    public record FailedJob(String jid, String jobName) {
    }
}
