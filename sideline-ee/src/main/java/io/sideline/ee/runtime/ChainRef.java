package io.sideline.ee.runtime;

/**
 * A barrier's continuation that names a step of a stored chain (see {@link Plan.ChainSpec}) instead of
 * carrying it: {@code @chain:<chain id>:<index>:<steps>}. The step at {@code index} runs next; when it is not
 * the last, its own barrier refers to {@code index + 1}.
 */
public record ChainRef(String chainId, int index, int steps) implements Continuation {

    /** How the stored text of a chain reference starts. */
    static final String MARKER = "@chain:";

    public ChainRef {
        if (chainId == null || chainId.isEmpty() || chainId.contains(":")) {
            throw new IllegalArgumentException("chain id " + chainId);
        }
        if (index < 0 || index >= steps) {
            throw new IllegalArgumentException("chain step " + index + " of " + steps);
        }
    }

    /** The continuation text that refers to this step. */
    @Override
    public String text() {
        return MARKER + chainId + ":" + index + ":" + steps;
    }

    public boolean last() {
        return index == steps - 1;
    }

    public ChainRef next() {
        return new ChainRef(chainId, index + 1, steps);
    }

    static ChainRef parseRef(String continuation) {
        String[] parts = continuation.substring(MARKER.length()).split(":");
        if (parts.length != 3) {
            throw new IllegalStateException("malformed chain reference: " + continuation);
        }
        try {
            return new ChainRef(parts[0], Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("malformed chain reference: " + continuation, e);
        }
    }
}
