package io.sideline.ee;

/**
 * Raised when a finished job's completion callback names a barrier that no longer exists (its TTL
 * expired, or the key was deleted). The job goes to the dead set and its run becomes FAILED: a missing
 * barrier is never treated as "not yet released", which would strand the run silently.
 */
public class MissingBarrierException extends SidelineException {

    public MissingBarrierException(String barrierId, String runId) {
        super("barrier " + barrierId + " of run " + runId + " no longer exists (expired or deleted; see "
                + "sideline.barrier.ttl and JobContext.extendTtl)");
    }
}
