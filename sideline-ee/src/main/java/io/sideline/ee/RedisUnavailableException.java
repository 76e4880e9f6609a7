package io.sideline.ee;

/** Raised when Redis cannot be reached or answers with an error; nothing was started or changed. */
public class RedisUnavailableException extends SidelineException {

    public RedisUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
