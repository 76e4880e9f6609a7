package io.sideline.ee.redis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code KEYS} of one script call, each key once: {@link #add} returns the key's 1-based position, which the
 * call passes (in ARGV, or inside a plan) wherever the script must find that key. A script reads keys only from
 * {@code KEYS}, so Redis (and a Redis Cluster) knows every key a call touches before it runs.
 */
final class KeyList {

    private final List<String> keys = new ArrayList<>();
    private final Map<String, Integer> positions = new HashMap<>();

    /** The position of {@code key} in KEYS (1-based), adding it when it is new. */
    int add(String key) {
        return positions.computeIfAbsent(key, k -> {
            keys.add(k);
            return keys.size();
        });
    }

    /** Adds a key that must land at {@code position}: the fixed layout a script's header documents. */
    void addAt(int position, String key) {
        int actual = add(key);
        if (actual != position) {
            throw new IllegalStateException("key " + key + " is KEYS[" + actual + "], the script expects KEYS[" + position + "]");
        }
    }

    List<String> keys() {
        return keys;
    }
}
