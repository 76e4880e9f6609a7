package io.sideline.ee;

/**
 * Raised when Redis cannot be reached, or cannot serve us for now (out of memory, read-only, loading, denied by
 * its ACL); nothing was started or changed (see {@link Workflows#runAll} for the one exception), except for its
 * subclass {@link StartOutcomeUnknownException}: a start that was sent and whose reply never came.
 */
public class RedisUnavailableException extends SidelineException {

    public RedisUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
