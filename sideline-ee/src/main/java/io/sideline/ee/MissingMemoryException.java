package io.sideline.ee;

import java.util.Collection;

/**
 * Raised when a typed job needs values from its run's memory that are not there because the memory has
 * expired or was never written. Names the run and the keys; never a silent null. Not retried.
 */
public class MissingMemoryException extends SidelineException {

    public MissingMemoryException(String runId, Collection<String> keys) {
        super("the memory of run " + runId + " has expired or was never written; the input needs " + keys
                + " (see sideline.memory.ttl and JobContext.extendTtl)");
    }
}
