package io.sideline.ee.codec;

import io.sideline.ee.SidelineException;

/** Raised when a job payload read from Redis is not a valid sideline job: it goes to the dead set as is. */
public class MalformedPayloadException extends SidelineException {

    public MalformedPayloadException(String message) {
        super(message);
    }

    public MalformedPayloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
