package io.sideline.ee.runtime;

import io.sideline.ee.RunState;

/**
 * One announced end of a run, as the script that ended it pushed it ({@code '<generation> <state> <runId>'}, see
 * {@code _ends.lua}): the run's {@code generation}-th end (a retried run ends again), in {@code state}.
 *
 * @param entry the entry exactly as stored (to acknowledge it)
 */
public record RunEnd(String entry, long generation, RunState state, String runId) {

    /** The suffix of the id of a run that runs another run's callbacks: {@code <runId>:callbacks:<generation>}. */
    public static final String CALLBACKS = ":callbacks:";

    /**
     * @throws IllegalArgumentException for an entry that is not of that form
     */
    public static RunEnd parse(String entry) {
        String[] parts = entry.split(" ", 3);
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a run end: " + entry);
        }
        return new RunEnd(entry, Long.parseLong(parts[0]), RunState.valueOf(parts[1]), parts[2]);
    }

    /** The id of the run that runs the callbacks of this end. */
    public String callbacksRunId() {
        return runId + CALLBACKS + generation;
    }

    /** Whether this is the end of a run that ran another run's callbacks (it has neither callbacks nor an event). */
    public boolean ofCallbacks() {
        return runId.contains(CALLBACKS);
    }
}
