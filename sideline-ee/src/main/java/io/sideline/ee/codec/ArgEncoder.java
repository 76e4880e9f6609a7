package io.sideline.ee.codec;

import io.sideline.ee.InvalidWorkflowException;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbException;
import jakarta.json.spi.JsonProvider;

import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Converts job arguments to JSON-P values for the JSON form of a workflow. Plain data — null, strings, booleans, the
 * standard number types, collections and maps with string keys — is converted here, so that nulls inside lists and
 * maps and the exact scale of BigDecimals survive a round trip through {@code parse} and {@code format}; anything else
 * (records, beans, enums, dates, maps with other keys) is handed to JSON-B and its output embedded as it is. Nesting of
 * plain containers is limited to {@code maxDepth}, which also turns a list that contains itself into an error instead
 * of a StackOverflowError. Thread-safe: it holds only the thread-safe JSON-P factories and {@code Jsonb}.
 */
final class ArgEncoder {

    private final JsonProvider json;
    private final JsonBuilderFactory builders;
    private final JsonReaderFactory readers;
    private final Jsonb jsonb;
    private final int maxDepth;

    ArgEncoder(JsonProvider json, JsonBuilderFactory builders, JsonReaderFactory readers, Jsonb jsonb, int maxDepth) {
        this.json = json;
        this.builders = builders;
        this.readers = readers;
        this.jsonb = jsonb;
        this.maxDepth = maxDepth;
    }

    /** The {@code args} array of a job; {@code path} is the location of that array. */
    JsonArray encodeArgs(List<Object> args, String path) {
        return encodeElements(args, path, 1);
    }

    /** One value at nesting {@code depth}, 1 for a top-level argument. */
    private JsonValue encode(Object value, String path, int depth) {
        if (value == null) {
            return JsonValue.NULL;
        }
        if (value instanceof JsonValue jsonValue) {
            return jsonValue;
        }
        if (value instanceof String string) {
            return json.createValue(string);
        }
        if (value instanceof Boolean bool) {
            return bool ? JsonValue.TRUE : JsonValue.FALSE;
        }
        if (value instanceof Number number && isStandardNumber(number)) {
            return encodeNumber(number, path);
        }
        if (value instanceof Collection<?> collection) {
            checkDepth(path, depth);
            return encodeElements(collection, path, depth + 1);
        }
        if (value instanceof Map<?, ?> map && hasOnlyStringKeys(map)) {
            checkDepth(path, depth);
            return encodeMembers(map, path, depth + 1);
        }
        return encodeWithJsonb(value, path);
    }

    private JsonArray encodeElements(Collection<?> elements, String path, int depth) {
        JsonArrayBuilder array = builders.createArrayBuilder();
        int index = 0;
        for (Object element : elements) {
            array.add(encode(element, JsonPaths.index(path, index++), depth));
        }
        return array.build();
    }

    private JsonValue encodeMembers(Map<?, ?> map, String path, int depth) {
        JsonObjectBuilder object = builders.createObjectBuilder();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = (String) entry.getKey();
            object.add(key, encode(entry.getValue(), JsonPaths.member(path, key), depth));
        }
        return object.build();
    }

    private static boolean isStandardNumber(Number number) {
        return number instanceof Long || number instanceof Integer || number instanceof Short
                || number instanceof Byte || number instanceof Double || number instanceof Float
                || number instanceof BigDecimal || number instanceof BigInteger;
    }

    private JsonValue encodeNumber(Number number, String path) {
        if (number instanceof BigDecimal decimal) {
            return json.createValue(decimal);
        }
        if (number instanceof BigInteger integer) {
            return json.createValue(integer);
        }
        if (number instanceof Double || number instanceof Float) {
            if (!Double.isFinite(number.doubleValue())) {
                throw new InvalidWorkflowException(path, "argument " + number + " is not a finite number;"
                        + " JSON has no NaN or Infinity");
            }
            // Via the shortest decimal string, so that 1.1f is written as 1.1 and not as 1.100000023841858.
            return json.createValue(new BigDecimal(number.toString()));
        }
        return json.createValue(number.longValue());
    }

    private static boolean hasOnlyStringKeys(Map<?, ?> map) {
        return map.keySet().stream().allMatch(String.class::isInstance);
    }

    private void checkDepth(String path, int depth) {
        if (depth > maxDepth) {
            throw new InvalidWorkflowException(path, "argument is nested deeper than maxDepth " + maxDepth);
        }
    }

    private JsonValue encodeWithJsonb(Object value, String path) {
        String text;
        try {
            text = jsonb.toJson(value);
        } catch (JsonbException e) {
            InvalidWorkflowException invalid = new InvalidWorkflowException(path, "argument of type "
                    + value.getClass().getName() + " cannot be serialised by JSON-B: " + e.getMessage());
            invalid.initCause(e);
            throw invalid;
        }
        try (JsonReader reader = readers.createReader(new StringReader(text))) {
            return reader.readValue();
        }
    }
}
