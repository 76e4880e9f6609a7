package io.sideline.ee.redis;

import java.util.ArrayList;
import java.util.List;

/**
 * The arguments a script call passes after its own: the payloads and chain steps its plans name by position
 * ({@code "a"}, {@code "sa"}, see {@code apply_plan}) instead of carrying them inside their JSON. Redis makes every
 * argument a Lua string once; a payload inside a plan became one twice, the second time through cjson, which reads it
 * byte by byte: ~16k instructions for a payload of 400 bytes, the largest part of a release's cost.
 */
final class ArgTail {

    private final int own;
    private final List<String> args = new ArrayList<>();

    /** A tail after a call's {@code own} arguments (its ARGV[1..own]). */
    ArgTail(int own) {
        this.own = own;
    }

    /** The ARGV position of {@code value}, added at the end of the tail. */
    int add(String value) {
        args.add(value);
        return own + args.size();
    }

    /** The tail's arguments, in their order. */
    List<String> args() {
        return List.copyOf(args);
    }

    /** Appends the tail to the call's own arguments, which must be exactly as many as announced. */
    void appendTo(List<String> callArgs) {
        if (callArgs.size() != own) {
            throw new IllegalStateException("the call has " + callArgs.size() + " arguments of its own, its plans were"
                    + " written for " + own);
        }
        callArgs.addAll(args);
    }
}
