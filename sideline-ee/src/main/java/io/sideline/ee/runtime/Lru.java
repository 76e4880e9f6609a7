package io.sideline.ee.runtime;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The bounded caches of the per-step path: thread-safe maps that forget their least recently used entry. */
public final class Lru {

    private Lru() {
    }

    /** A synchronized map of at most {@code entries} entries, in access order, the eldest dropped first. */
    public static <K, V> Map<K, V> map(int entries) {
        return Collections.synchronizedMap(new LinkedHashMap<>(Math.min(entries, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > entries;
            }
        });
    }
}
