package io.sideline.chaos.faults;

import io.sideline.chaos.ledger.ChaosRedis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;

/**
 * Throws an {@link Error} into one of sideline-ee's loops, through the ports the loop calls (issue 9 §4, as the
 * library's {@code LoopErrorTest} does in Weld): the driver arms a loop ({@code SADD chaos:arm:loop-error
 * heartbeat}) or a fetcher holding a given job ({@code SADD chaos:arm:loop-error-fetch <label>}); the first
 * server to pass there consumes the arm, records the throw in {@code chaos:loop-errors} and throws.
 */
@ApplicationScoped
public class LoopErrors {

    static final String LOOP_ARM = "loop-error";
    static final String FETCH_ARM = "loop-error-fetch";
    static final String THROWN = "chaos:loop-errors";

    @Inject
    Arms arms;

    /** Throws into {@code loop} (heartbeat, reaper, promoter, orphan sweep) if it is armed. */
    void at(String loop) {
        if (arms.consume(LOOP_ARM, loop)) {
            throw thrown(loop, "");
        }
    }

    /** Throws into the fetcher that holds the job labelled {@code label} if that label is armed. */
    void atFetch(String label) {
        if (arms.consume(FETCH_ARM, label)) {
            throw thrown("fetcher", label);
        }
    }

    private Error thrown(String loop, String label) {
        String event = Json.createObjectBuilder().add("loop", loop).add("label", label).add("server", ChaosRedis.SERVER)
                .add("pid", ChaosRedis.PID).add("ms", System.currentTimeMillis()).build().toString();
        arms.redis().call(r -> r.rpush(THROWN, event));
        return new Error("chaos: injected into the " + loop);
    }
}
