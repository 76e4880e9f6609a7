package io.sideline.ee.redis;

import io.sideline.ee.RedisUnavailableException;

/**
 * A write that the master made but fewer replicas than {@code sideline.redis.wait-replicas} acknowledged in time
 * ({@code WAIT}); it does not leave this package: a start turns it into {@code StartNotReplicatedException}.
 */
final class ReplicasBehindException extends RedisUnavailableException {

    ReplicasBehindException(String script, long acknowledged, int asked, long timeoutMs) {
        super(script + ".lua was written on the master, but " + acknowledged + " of " + asked + " replicas "
                + "acknowledged it within " + timeoutMs + " ms (sideline.redis.wait-replicas): a failover now may lose "
                + "it", null);
    }
}
