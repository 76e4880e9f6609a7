package io.sideline.ee.cdi;

import io.sideline.ee.RedisUnavailableException;
import io.sideline.ee.redis.RedisBackend;

import java.util.Optional;

/**
 * The posture check of {@link RedisBackend#checkPosture}, made once: at deploy when Redis answered then, otherwise at
 * the first contact (before a waiting worker's first heartbeat, or at a readiness probe). A Redis that is down at
 * deploy is no reason to fail it; strict mode's refusal, once made, is for good.
 */
public final class PostureCheck {

    private final RedisBackend backend;
    /** Whether Redis' posture was read (at deploy or at the first contact); a strict refusal never sets it. */
    private volatile boolean verified;
    /** Strict mode's refusal of the posture, when it came at a first contact after deploy. */
    private volatile String refusal;

    /** {@code verifiedAtDeploy}: what the check made at deploy answered (false while Redis was down). */
    PostureCheck(RedisBackend backend, boolean verifiedAtDeploy) {
        this.backend = backend;
        this.verified = verifiedAtDeploy;
    }

    /**
     * Checks the posture unless it was checked already.
     *
     * @throws RedisUnavailableException while Redis is unavailable (nothing checked: try again)
     * @throws IllegalStateException     when strict mode refuses the posture (for good)
     */
    void checkOnce() {
        if (verified) {
            return;
        }
        if (refusal != null) {
            throw new IllegalStateException(refusal);
        }
        backend.ping(); // an unavailable Redis stops here, before the posture check would log a warning
        try {
            if (!backend.checkPosture()) {
                throw new RedisUnavailableException("Redis went away during the posture check", null);
            }
        } catch (IllegalStateException refused) {
            refusal = refused.getMessage();
            throw refused;
        }
        verified = true;
    }

    /**
     * Strict mode's refusal of Redis' posture, if any: for the readiness check, which thereby also makes the
     * check on a server without a worker whose Redis was down at deploy.
     */
    public Optional<String> refusal() {
        try {
            checkOnce();
        } catch (RuntimeException notNow) {
            // unavailable: readiness reports that itself; refused: recorded in refusal
        }
        return Optional.ofNullable(refusal);
    }
}
