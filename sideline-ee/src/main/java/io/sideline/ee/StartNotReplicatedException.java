package io.sideline.ee;

import java.util.List;

/**
 * Raised, with {@code sideline.redis.wait-replicas} above 0, when a start ({@code run}, {@code runAll},
 * {@code enqueue}, {@code enqueueAll}) was written on the Redis master but fewer replicas than asked acknowledged it
 * within {@code sideline.redis.wait-timeout-ms}. The runs (or jobs) it names are started on the master and go on; but
 * a failover before a replica has them may lose them, so the start is not acknowledged: its outcome counts as
 * unknown. Retrying with the same idempotency key (see {@link RunOptions}) is safe: it returns the ids of what
 * survived and starts what did not.
 */
public class StartNotReplicatedException extends StartOutcomeUnknownException {

    public StartNotReplicatedException(List<String> ids, boolean keyed, Throwable cause) {
        super(ids, keyed, cause);
    }
}
