package io.sideline.ee.runtime;

import io.sideline.ee.codec.ArgsJson;
import io.sideline.ee.codec.JsonData;
import jakarta.json.JsonValue;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns a job's return value into the memory fields it writes (field name to JSON text): a Map writes its
 * entries; a typed output (a record or another non-JDK class) writes its JSON properties; any other
 * return value (void, a String, a number, a list) writes nothing, as in the seed.
 */
public final class Outputs {

    private final ArgsJson json;

    public Outputs(ArgsJson json) {
        this.json = json;
    }

    public Map<String, String> fieldsOf(Object result) {
        if (result instanceof Map<?, ?> map) {
            Map<String, String> fields = new LinkedHashMap<>();
            map.forEach((k, v) -> fields.put(String.valueOf(k), json.toJson(v)));
            return fields;
        }
        if (result == null || !isTyped(result.getClass())) {
            return Map.of();
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (Map.Entry<String, JsonValue> property : JsonData.parseObject(json.toJson(result)).entrySet()) {
            fields.put(property.getKey(), property.getValue().toString());
        }
        return fields;
    }

    /** Records and application classes are typed values; JDK types (String, List, Integer...) are not. */
    public static boolean isTyped(Class<?> type) {
        if (type.isPrimitive() || type.isArray() || type.isEnum()) {
            return false;
        }
        if (type.isRecord()) {
            return true;
        }
        String name = type.getName();
        return !(name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jakarta."));
    }
}
