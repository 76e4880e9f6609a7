package io.sideline.ee.test;

import io.sideline.ee.WorkflowMemory;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Run memory for inline mode: a map per run in this JVM, with the contract of {@link WorkflowMemory} (a write
 * keeps other keys, the last write of a key wins, an absent key is missing from a read). Nothing expires.
 */
public final class InlineMemory implements WorkflowMemory {

    /** A ConcurrentHashMap holds no null: a null value is stored as this marker and read back as null. */
    private static final Object NULL = new Object();

    private final Map<String, Map<String, Object>> runs = new ConcurrentHashMap<>();

    @Override
    public void write(String runId, Map<String, Object> values) {
        runs.computeIfAbsent(runId, id -> new ConcurrentHashMap<>()).putAll(withoutNulls(values));
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> values) {
        Map<String, Object> stored = new LinkedHashMap<>();
        values.forEach((k, v) -> stored.put(k, v == null ? NULL : v));
        return stored;
    }

    @Override
    public Map<String, Object> read(String runId, Collection<String> keys) {
        Map<String, Object> all = runs.getOrDefault(runId, Map.of());
        Map<String, Object> found = new LinkedHashMap<>();
        for (String key : keys) {
            if (all.containsKey(key)) {
                Object value = all.get(key);
                found.put(key, value == NULL ? null : value);
            }
        }
        return found;
    }

    @Override
    public Map<String, Object> readAll(String runId) {
        return read(runId, runs.getOrDefault(runId, Map.of()).keySet());
    }

    @Override
    public boolean exists(String runId) {
        return !runs.getOrDefault(runId, Map.of()).isEmpty();
    }

    @Override
    public void clear(String runId) {
        runs.remove(runId);
    }

    @Override
    public void extendTtl(String runId, long ttlSeconds) {
        // nothing expires in inline mode
    }
}
