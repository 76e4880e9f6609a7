package io.sideline.ee;

/**
 * Recorded as the failure of a job attempt that ran longer than its timeout ({@link SidelineJob#timeoutMs()}
 * or {@code sideline.job.timeout-ms}): its {@code error_class} in the retry and dead sets. Retried like any
 * failure.
 */
public class JobTimeoutException extends SidelineException {

    public JobTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
