package io.sideline.ee;

/** Where a workflow run is. */
public enum RunState {
    /** Some jobs are still queued, scheduled, retrying or running. */
    RUNNING,
    /** The run's last completion callback has drained: every job completed. */
    SUCCEEDED,
    /** A job of the run exhausted its retries or could not run at all and went to the dead set. */
    FAILED,
    /**
     * Cancelled by {@link RunControl#cancel}: its waiting jobs never start (they are parked with it), jobs that were
     * running finished without advancing it.
     */
    CANCELLED
}
