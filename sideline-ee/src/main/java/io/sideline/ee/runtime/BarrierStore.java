package io.sideline.ee.runtime;

import java.util.List;
import java.util.Optional;

/** Reads barriers (port). */
public interface BarrierStore {

    /**
     * The continuation stored with a barrier ({@link Continuation#NONE} for none); empty when the barrier does
     * not exist (expired or deleted).
     */
    Optional<Continuation> continuation(String barrierId);

    /**
     * The continuation stored with a barrier and the graph number of the continuation's first job node (-1 when
     * the barrier stores none, e.g. one written by an older release), read in one step; empty when the barrier does
     * not exist.
     */
    default Optional<Stored> stored(String barrierId) {
        return continuation(barrierId).map(c -> new Stored(c, -1, false));
    }

    /**
     * A barrier's continuation, the graph number of its first job node (-1: not known), and whether it counts more
     * than one arrival (a group's: each member's completion carries the continuation's plan).
     */
    record Stored(Continuation continuation, int node, boolean group) {
    }

    /**
     * The JSON form of the step a chain reference names (see {@link Plan.ChainSpec}), read alone (not the
     * whole chain); empty when the chain or that step does not exist (expired).
     */
    Optional<String> chainStep(ChainRef ref);

    /** Refreshes the TTL of the barriers that still exist; returns how many were refreshed. */
    long extendTtl(List<String> barrierIds, long ttlSeconds);
}
