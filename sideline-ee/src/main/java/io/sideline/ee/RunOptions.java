package io.sideline.ee;

import java.util.Objects;

/**
 * How to start a run (or enqueue a job): so far, a caller-chosen idempotency key. A start made again with the same
 * key, within {@code sideline.idempotency.ttl} (default 24 h), starts nothing and returns the first start's run id
 * (or jid); with another workflow, it is refused ({@link IdempotencyConflictException}). This makes a start safe to
 * retry after {@link StartOutcomeUnknownException}. {@link #NONE} costs nothing: no key, no extra Redis command.
 *
 * <pre>{@code workflows.run(tree, RunOptions.idempotencyKey("order-42"));}</pre>
 *
 * <p>And the run's {@link FailurePolicy} (default {@link FailurePolicy#FAIL_FAST}):
 * {@code RunOptions.NONE.withFailurePolicy(FailurePolicy.CONTINUE)}.
 *
 * @param idempotencyKey the key (1 to {@value #MAX_KEY_LENGTH} printable characters), or null for none
 * @param failurePolicy  what a dead job does to the run; null means {@link FailurePolicy#FAIL_FAST}
 */
public record RunOptions(String idempotencyKey, FailurePolicy failurePolicy) {

    /** The longest key accepted: an order number or a UUID fits with room to spare. */
    public static final int MAX_KEY_LENGTH = 200;

    /** No key: every call starts a new run. */
    public static final RunOptions NONE = new RunOptions(null, FailurePolicy.FAIL_FAST);

    /** Options with this idempotency key (null for none) and the default failure policy. */
    public RunOptions(String idempotencyKey) {
        this(idempotencyKey, FailurePolicy.FAIL_FAST);
    }

    /**
     * @throws IllegalArgumentException when the key is blank, longer than {@value #MAX_KEY_LENGTH} characters or
     *                                  holds a control character
     */
    public RunOptions {
        failurePolicy = failurePolicy == null ? FailurePolicy.FAIL_FAST : failurePolicy;
        if (idempotencyKey != null) {
            if (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_KEY_LENGTH
                    || idempotencyKey.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("an idempotency key must be 1 to " + MAX_KEY_LENGTH
                        + " printable characters, not blank");
            }
        }
    }

    /** Options with this idempotency key. */
    public static RunOptions idempotencyKey(String key) {
        return new RunOptions(Objects.requireNonNull(key, "key"));
    }

    /** Whether a key is given. */
    public boolean keyed() {
        return idempotencyKey != null;
    }

    /** These options with another failure policy. */
    public RunOptions withFailurePolicy(FailurePolicy policy) {
        return new RunOptions(idempotencyKey, policy);
    }
}
