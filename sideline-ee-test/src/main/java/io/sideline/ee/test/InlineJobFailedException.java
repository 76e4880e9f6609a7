package io.sideline.ee.test;

import io.sideline.ee.SidelineException;

/**
 * Thrown by inline mode's {@code run} when a job fails (its input could not be bound or validated, its
 * {@code perform} threw, or its output was invalid): names the job, its place in the tree and the run; the
 * job's exception is the cause. The run's status is then FAILED, and the jobs after it did not run.
 */
public class InlineJobFailedException extends SidelineException {

    private final String runId;
    private final String jobName;
    private final String path;

    public InlineJobFailedException(String runId, String jobName, String path, Throwable cause) {
        super("job " + jobName + " at " + path + " of run " + runId + " failed: " + cause, cause);
        this.runId = runId;
        this.jobName = jobName;
        this.path = path;
    }

    public String runId() {
        return runId;
    }

    public String jobName() {
        return jobName;
    }

    /** The job's place in the workflow tree, e.g. {@code $.chain[1].group[0]}. */
    public String path() {
        return path;
    }
}
