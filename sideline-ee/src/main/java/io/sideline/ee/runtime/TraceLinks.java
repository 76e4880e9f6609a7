package io.sideline.ee.runtime;

import java.util.List;

/**
 * The span ids of the jobs a continuation waited for, kept beside the barrier that launches it, only while tracing is
 * on: each job whose completion counts into that barrier through a group adds its span id before it completes, and the
 * continuation's jobs read them when their spans start, so a step after a group links to every member (at most
 * {@link io.sideline.ee.codec.TraceContext#MAX_LINKS}), not only to the one that released it. With tracing off nothing
 * calls it: no Redis command, no payload byte.
 */
public interface TraceLinks {

    /** Keeps nothing and finds nothing (a backend without the store, or tests). */
    TraceLinks NONE = new TraceLinks() {
        @Override
        public void add(String barrierId, List<String> spanIds) {
        }

        @Override
        public List<String> read(String barrierId) {
            return List.of();
        }
    };

    /** Adds the span ids of a job counting into barrier {@code barrierId} (the newest are kept, at most 32). */
    void add(String barrierId, List<String> spanIds);

    /** The span ids added for barrier {@code barrierId}, newest first, at most 32 (empty when none or expired). */
    List<String> read(String barrierId);
}
