package io.sideline.ee.runtime;

/**
 * What a barrier launches when it is released, as stored in its {@code continuation} field: nothing
 * ({@link #NONE}, stored as ""), a workflow tree in its JSON form ({@link Tree}), or a step of a stored chain
 * ({@link ChainRef}, stored as {@code @chain:<chain id>:<index>:<steps>}). The stored text is the format
 * Redis holds (unchanged since the first release), so barriers written by an older server read the same.
 */
public sealed interface Continuation permits Continuation.None, Continuation.Tree, ChainRef {

    /** The barrier launches nothing (a group's barrier, the run's root). */
    None NONE = new None();

    /** The text stored in the barrier's {@code continuation} field. */
    String text();

    /** The continuation a barrier's stored text names. */
    static Continuation parse(String stored) {
        if (stored.isEmpty()) {
            return NONE;
        }
        if (stored.startsWith(ChainRef.MARKER)) {
            return ChainRef.parseRef(stored);
        }
        return new Tree(stored);
    }

    /** No continuation. */
    record None() implements Continuation {
        @Override
        public String text() {
            return "";
        }
    }

    /** A workflow tree in its JSON form, launched whole. */
    record Tree(String json) implements Continuation {
        public Tree {
            if (json == null || json.isEmpty() || json.startsWith(ChainRef.MARKER)) {
                throw new IllegalArgumentException("not a workflow tree: " + json);
            }
        }

        @Override
        public String text() {
            return json;
        }
    }
}
