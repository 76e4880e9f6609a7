package io.sideline.ee;

/**
 * What a run does when one of its jobs dies (exhausts its retries): see {@link RunOptions#failurePolicy}. In a JSON
 * request it is named {@code "on_failure_policy"}, with the values {@code "fail_fast"} and {@code "continue"}.
 */
public enum FailurePolicy {
    /**
     * The default: the first dead job fails the run; the run's jobs that have not started never start (they are
     * parked with the run, so that {@link RunControl#retry} can enqueue them again); running ones finish.
     */
    FAIL_FAST("fail_fast"),
    /**
     * Independent branches run on: a dead job stops only what depends on it (the rest of its chain, the step after
     * its group); the run ends FAILED once nothing more can run.
     */
    CONTINUE("continue");

    private final String jsonName;

    FailurePolicy(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The name in the JSON form ({@code "on_failure_policy"}). */
    public String jsonName() {
        return jsonName;
    }

    /**
     * The policy a JSON form names.
     *
     * @throws IllegalArgumentException for any other name, with the accepted ones
     */
    public static FailurePolicy fromJson(String name) {
        for (FailurePolicy policy : values()) {
            if (policy.jsonName.equals(name)) {
                return policy;
            }
        }
        throw new IllegalArgumentException("on_failure_policy must be \"fail_fast\" or \"continue\", was "
                + (name == null ? "null" : "\"" + (name.length() > 40 ? name.substring(0, 40) + "…" : name) + "\""));
    }
}
