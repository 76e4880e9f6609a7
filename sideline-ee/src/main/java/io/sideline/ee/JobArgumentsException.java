package io.sideline.ee;

/** Raised when a job's arguments cannot be bound to its {@code perform} parameters. Not retried. */
public class JobArgumentsException extends SidelineException {

    public JobArgumentsException(String message, Throwable cause) {
        super(message, cause);
    }
}
