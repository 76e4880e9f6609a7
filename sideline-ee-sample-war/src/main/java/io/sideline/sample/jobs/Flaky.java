package io.sideline.sample.jobs;

import io.sideline.ee.JobContext;
import io.sideline.ee.SidelineJob;
import io.sideline.sample.records.ExecutionLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Shows failure and retry: {@code {"job":"Flaky","args":["F1", 1]}} fails its first execution within its run and
 * records itself like {@link Record} from the second on. With {@code retry = 0} the first failure sends it to the
 * dead set at once, so the run FAILS, and a retry of the run (or of the dead job) lets it succeed. The executions are
 * counted per run and label in Redis (so they survive a restart and count across servers).
 */
@ApplicationScoped
@SidelineJob(retry = 0)
public class Flaky {

    @Inject
    JobContext job;

    @Inject
    ExecutionLog log;

    @Inject
    Recorder recorder;

    public void perform(String label, Long failures) {
        long attempt = log.attempt(job.runId(), label);
        long failing = failures == null ? 0 : failures;
        if (attempt <= failing) {
            throw new IllegalStateException("Flaky " + label + " fails execution " + attempt + " of its first " + failing);
        }
        recorder.record(label, 0);
    }
}
