package io.sideline.ee.runtime;

import java.util.List;
import java.util.Optional;

/** Reads barriers (port). */
public interface BarrierStore {

    /**
     * The continuation stored with a barrier: a workflow tree in JSON form, or "" for none; empty when the
     * barrier does not exist (expired or deleted).
     */
    Optional<String> continuation(String barrierId);

    /** The stored steps of a chain (see {@link Plan.ChainSpec}); empty when it does not exist (expired). */
    List<String> chainSteps(String chainId);

    /** Refreshes the TTL of the barriers that still exist; returns how many were refreshed. */
    long extendTtl(List<String> barrierIds, long ttlSeconds);
}
