package io.sideline.ee.codec;

import io.sideline.ee.SidelineException;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;

import java.lang.reflect.Type;
import java.util.List;

/**
 * Converts job arguments with JSON-B: a job's argument list to the payload's {@code args} array, and each
 * array element back to the Java type of the matching {@code perform} parameter. The target type always
 * comes from the registered job's method signature, never from the payload. Thread-safe.
 */
public final class ArgsJson implements AutoCloseable {

    private final Jsonb jsonb = JsonbBuilder.create();

    /** The arguments as a JSON array text. */
    public String toJsonArray(List<Object> args) {
        try {
            return jsonb.toJson(args);
        } catch (JsonbException e) {
            throw new SidelineException("job arguments cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    /** One argument (a JSON text) bound to a parameter type. */
    public Object bind(String json, Type type) {
        return jsonb.fromJson(json, type);
    }

    /** Any value as a JSON text (e.g. a job's return value). */
    public String toJson(Object value) {
        return jsonb.toJson(value);
    }

    @Override
    public void close() throws Exception {
        jsonb.close();
    }
}
