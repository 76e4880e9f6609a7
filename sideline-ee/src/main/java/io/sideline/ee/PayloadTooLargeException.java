package io.sideline.ee;

/**
 * Raised when a job's payload would exceed {@code sideline.payload.max-bytes}: a workflow whose job carries
 * such arguments is refused before anything is written. Large data belongs in your own store, referenced
 * by an id in the arguments or in the run's memory.
 */
public class PayloadTooLargeException extends SidelineException {

    public PayloadTooLargeException(String jobName, long size, int limit) {
        super("the payload of job " + jobName + " would be " + size + " bytes (UTF-8); the limit is " + limit
                + " (sideline.payload.max-bytes)");
    }
}
