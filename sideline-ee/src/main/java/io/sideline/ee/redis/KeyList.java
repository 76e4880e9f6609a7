package io.sideline.ee.redis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code KEYS} of one script call, each key once: {@link #add} returns the key's 1-based position, which the
 * call passes (in ARGV, or inside a plan) wherever the script must find that key. A script reads keys only from
 * {@code KEYS}, so Redis (and a Redis Cluster) knows every key a call touches before it runs.
 *
 * <p>A completion declares about a dozen keys: up to {@value #SCAN_LIMIT} they are found by a scan of the list (no
 * map entry, boxed position or lambda per key, which cost more than the scan on every step); a longer list (a big
 * continuation's queues) is indexed by a map from then on.
 */
final class KeyList {

    /** Up to this many keys a scan finds a key; beyond, a map does. */
    static final int SCAN_LIMIT = 24;

    private final List<String> keys = new ArrayList<>();
    private Map<String, Integer> positions; // null while the list is short enough to scan

    /** The position of {@code key} in KEYS (1-based), adding it when it is new. */
    int add(String key) {
        if (positions == null) {
            int size = keys.size();
            for (int i = 0; i < size; i++) {
                if (keys.get(i).equals(key)) {
                    return i + 1;
                }
            }
            keys.add(key);
            if (keys.size() > SCAN_LIMIT) {
                positions = new HashMap<>();
                for (int i = 0; i < keys.size(); i++) {
                    positions.put(keys.get(i), i + 1);
                }
            }
            return keys.size();
        }
        Integer known = positions.get(key);
        if (known != null) {
            return known;
        }
        keys.add(key);
        positions.put(key, keys.size());
        return keys.size();
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
