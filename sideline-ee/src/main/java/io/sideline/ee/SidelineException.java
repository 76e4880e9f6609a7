package io.sideline.ee;

/** Base of every exception sideline-ee throws at its API. */
public class SidelineException extends RuntimeException {

    public SidelineException(String message) {
        super(message);
    }

    public SidelineException(String message, Throwable cause) {
        super(message, cause);
    }
}
