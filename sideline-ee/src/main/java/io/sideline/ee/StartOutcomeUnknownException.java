package io.sideline.ee;

import java.util.List;

/**
 * Raised when a start ({@code run}, {@code runAll}, {@code enqueue}, {@code enqueueAll}) was sent to Redis but
 * its reply never came (the socket timed out, the connection broke): the runs (or jobs) it names may have been
 * started or not. Retrying with the same idempotency key (see {@link RunOptions}) is safe: it starts what is
 * missing and returns the ids of what was started. Without a key, a retry may start them twice; a run's
 * {@code Workflows.status(runId)} tells whether it started.
 *
 * <p>It extends {@link RedisUnavailableException} so that code written before it existed, which treats that as
 * "Redis failed, try later", still catches it; such code retried blindly before, and should now retry with a key.
 */
public class StartOutcomeUnknownException extends RedisUnavailableException {

    private final List<String> ids;

    public StartOutcomeUnknownException(List<String> ids, boolean keyed, Throwable cause) {
        super("the outcome of starting " + ids + " is unknown (" + cause.getMessage() + "); " + (keyed
                ? "a retry with the same idempotency key is safe: it starts nothing twice and returns their ids"
                : "a retry without an idempotency key may start them twice (status(runId) tells whether a run started)"),
                cause);
        this.ids = List.copyOf(ids);
    }

    /** With a message of the caller's, e.g. one that says how much of a bulk call was started before. */
    public StartOutcomeUnknownException(String message, List<String> ids, Throwable cause) {
        super(message, cause);
        this.ids = List.copyOf(ids);
    }

    /** The run ids (or jids) whose start is in doubt. */
    public List<String> ids() {
        return ids;
    }
}
