package io.sideline.ee.telemetry;

/** The span of one execution of a job, open while it performs and completes; closed by the worker. */
public interface JobTrace extends AutoCloseable {

    /** The span of an untraced job: records nothing. */
    JobTrace NONE = new JobTrace() {
        @Override
        public void failed(Throwable failure, int retryCount, boolean retry, long delayMs) {
        }

        @Override
        public void cancelled() {
        }

        @Override
        public void close() {
        }
    };

    /**
     * The attempt failed: status ERROR with {@code error.type} (the class only: a message may hold argument values),
     * and an event saying whether it is retried (after {@code delayMs}) or moved to the dead set.
     */
    void failed(Throwable failure, int retryCount, boolean retry, long delayMs);

    /**
     * The job's run was cancelled while it performed (what {@code JobContext.isCancelled()} answered it): an event,
     * so a trace shows which jobs ran on after the cancel and that their completion advanced nothing.
     */
    void cancelled();

    /** Ends the span (and stops it being current on this thread). */
    @Override
    void close();
}
