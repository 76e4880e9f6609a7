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

    /**
     * The arguments as a JSON array text. Arguments that are only strings, whole numbers of at most 64 bits, booleans
     * and nulls (the common case, and every job of the benchmark) are written by hand, to the text JSON-B writes for
     * them: JSON-B costs several microseconds a call, and every planned job (and every check of a later one) makes one.
     */
    public String toJsonArray(List<Object> args) {
        String plain = plainArray(args);
        if (plain != null) {
            return plain;
        }
        try {
            return jsonb.toJson(args);
        } catch (JsonbException e) {
            throw new SidelineException("job arguments cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    /** The array JSON-B writes for {@code args}, or null when an argument is not a string, integer, boolean or null. */
    private static String plainArray(List<Object> args) {
        int size = 2;
        for (Object arg : args) {
            if (arg instanceof String text) {
                size += text.length() + 3;
            } else if (arg == null || arg instanceof Boolean || arg instanceof Long || arg instanceof Integer
                    || arg instanceof Short || arg instanceof Byte) {
                size += 21;
            } else {
                return null;
            }
        }
        StringBuilder out = new StringBuilder(size).append('[');
        for (int i = 0; i < args.size(); i++) {
            Object arg = args.get(i);
            if (i > 0) {
                out.append(',');
            }
            if (arg instanceof String text) {
                JsonText.quote(out, text); // the escapes JSON-P's generator writes (ArgsJsonTest compares every char)
            } else {
                out.append(arg); // null, true/false and the decimal digits of an integer, as JSON-B writes them
            }
        }
        return out.append(']').toString();
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
