package io.sideline.ee.runtime;

import java.util.Optional;

/**
 * A barrier's continuation that names a step of a stored chain (see {@link Plan.ChainSpec}) instead of
 * carrying it: {@code @chain:<chain id>:<index>:<steps>}. The step at {@code index} runs next; when it is not
 * the last, its own barrier refers to {@code index + 1}.
 */
public record ChainRef(String chainId, int index, int steps) {

    private static final String PREFIX = "@chain:";

    public ChainRef {
        if (index < 0 || index >= steps) {
            throw new IllegalArgumentException("chain step " + index + " of " + steps);
        }
    }

    /** The continuation text that refers to this step. */
    public String text() {
        return PREFIX + chainId + ":" + index + ":" + steps;
    }

    public boolean last() {
        return index == steps - 1;
    }

    public ChainRef next() {
        return new ChainRef(chainId, index + 1, steps);
    }

    /** The reference a continuation text holds, or empty when it is a workflow tree in JSON form. */
    public static Optional<ChainRef> parse(String continuation) {
        if (!continuation.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String[] parts = continuation.substring(PREFIX.length()).split(":");
        if (parts.length != 3) {
            throw new IllegalStateException("malformed chain reference: " + continuation);
        }
        return Optional.of(new ChainRef(parts[0], Integer.parseInt(parts[1]), Integer.parseInt(parts[2])));
    }
}
