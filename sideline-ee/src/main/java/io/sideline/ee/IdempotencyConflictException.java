package io.sideline.ee;

/**
 * Raised when an idempotency key (see {@link RunOptions}) was already used, within its TTL, to start a different
 * workflow (workflows are compared by a digest of their JSON form, arguments included). Nothing was started.
 */
public class IdempotencyConflictException extends SidelineException {

    private final String key;
    private final String recordedId;

    public IdempotencyConflictException(String key, String recordedId) {
        super("the idempotency key '" + key + "' was used to start another workflow (" + recordedId
                + "); nothing was started");
        this.key = key;
        this.recordedId = recordedId;
    }

    /** The key the call gave. */
    public String key() {
        return key;
    }

    /** The run id (or jid) started earlier with this key. */
    public String recordedId() {
        return recordedId;
    }
}
