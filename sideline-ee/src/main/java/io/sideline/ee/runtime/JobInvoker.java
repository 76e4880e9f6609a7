package io.sideline.ee.runtime;

/** Performs a fetched job by calling its registered bean (port; the CDI layer implements it). */
public interface JobInvoker {

    /**
     * Binds the payload's arguments and calls the job's {@code perform}.
     *
     * @throws io.sideline.ee.UnknownJobException   the name is not registered
     * @throws io.sideline.ee.JobArgumentsException the arguments do not fit {@code perform}
     * @throws Exception                            whatever {@code perform} threw
     */
    Object invoke(FetchedJob job) throws Exception;

    /** The job's own limit for one attempt in ms: -1 for the configured default, 0 for none. */
    default long timeoutMs(String jobName) {
        return -1;
    }

    /** The job's own retry limit ({@code @SidelineJob(retry)}): -1 for the configured default. */
    default int maxRetries(String jobName) {
        return -1;
    }
}
