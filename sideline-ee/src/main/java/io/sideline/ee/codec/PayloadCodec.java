package io.sideline.ee.codec;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes job payloads (see {@link JobPayload}) with JSON-P. The shape is fixed and small, so
 * it is mapped field by field: no reflection, no type information taken from the payload.
 * Thread-safe.
 */
public final class PayloadCodec {

    /** Payloads larger than this are refused before parsing (a defence against memory exhaustion). */
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 16 * 1024 * 1024;

    private final JsonProvider json = JsonProvider.provider();
    private final int maxPayloadChars;

    /** A codec that refuses to read payloads over {@link #DEFAULT_MAX_PAYLOAD_BYTES} characters. */
    public PayloadCodec() {
        this(DEFAULT_MAX_PAYLOAD_BYTES);
    }

    private PayloadCodec(int maxPayloadChars) {
        this.maxPayloadChars = maxPayloadChars;
    }

    /**
     * A codec that refuses, before parsing, to read a payload of more than {@code maxPayloadChars} characters (the
     * text's length, as Redis handed it over).
     */
    public static PayloadCodec readingAtMostChars(int maxPayloadChars) {
        if (maxPayloadChars <= 0) {
            throw new IllegalArgumentException("the payload limit must be positive, was " + maxPayloadChars);
        }
        return new PayloadCodec(maxPayloadChars);
    }

    /**
     * The payload's JSON text (Sidekiq's fields, then sideline's). Built by hand: it is written for every job
     * planned, and its {@code args} are already JSON text (checked to be an array), copied as they are.
     */
    public String encode(JobPayload p) {
        String args = p.argsJson();
        if (args.isEmpty() || args.charAt(0) != '[') {
            args = parseArray(args).toString(); // not an array: refused here with the parser's message
        }
        StringBuilder b = new StringBuilder(160 + args.length() + 34 * p.callbacks().size());
        JsonText.quote(b.append("{\"class\":"), p.jobName());
        b.append(",\"args\":").append(args);
        JsonText.quote(b.append(",\"jid\":"), p.jid());
        JsonText.quote(b.append(",\"queue\":"), p.queue());
        b.append(",\"created_at\":").append(p.createdAt());
        if (p.enqueuedAt() != null) {
            b.append(",\"enqueued_at\":").append(p.enqueuedAt().longValue());
        }
        b.append(",\"retry\":").append(p.retry()).append(",\"retry_count\":").append(p.retryCount());
        if (p.errorClass() != null) {
            JsonText.quote(b.append(",\"error_class\":"), p.errorClass());
        }
        if (p.errorMessage() != null) {
            JsonText.quote(b.append(",\"error_message\":"), p.errorMessage());
        }
        if (p.failedAt() != null) {
            b.append(",\"failed_at\":").append(p.failedAt().longValue());
        }
        if (p.runId() != null) {
            JsonText.quote(b.append(",\"sideline_run_id\":"), p.runId());
        }
        b.append(",\"sideline_callbacks\":[");
        for (int i = 0; i < p.callbacks().size(); i++) {
            JsonText.quote(i == 0 ? b : b.append(','), p.callbacks().get(i));
        }
        b.append(']');
        if (p.node() != null) {
            b.append(",\"sideline_node\":").append(p.node().intValue());
        }
        if (p.trace() != null) {
            TraceFields.write(b, p.trace());
        }
        return b.append('}').toString();
    }

    /** @throws MalformedPayloadException naming what is wrong; the caller sends the raw text to the dead set */
    public JobPayload decode(String text) {
        if (text.length() > maxPayloadChars) {
            throw new MalformedPayloadException("payload of " + text.length() + " characters exceeds the limit of "
                    + maxPayloadChars);
        }
        Map<String, JsonValue> o = new HashMap<>();
        String args = "[]";
        try (JsonParser parser = json.createParser(new StringReader(text))) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                throw new MalformedPayloadException("payload is not a JSON object");
            }
            JsonParser.Event event;
            while ((event = parser.next()) == JsonParser.Event.KEY_NAME) {
                String key = parser.getString();
                JsonParser.Event value = parser.next();
                if (key.equals("args") && value == JsonParser.Event.START_ARRAY) {
                    // the arguments are kept as the text they are: copied, not parsed and written again
                    int from = (int) parser.getLocation().getStreamOffset() - 1;
                    skipArray(parser);
                    args = rawArray(text, from, (int) parser.getLocation().getStreamOffset());
                    o.put(key, JsonValue.EMPTY_JSON_ARRAY);
                } else {
                    o.put(key, parser.getValue());
                }
            }
            if (event != JsonParser.Event.END_OBJECT || parser.hasNext()) {
                throw new MalformedPayloadException("payload is not one JSON object");
            }
        } catch (JsonParsingException e) {
            throw new MalformedPayloadException("payload is not valid JSON: " + e.getMessage(), e);
        } catch (MalformedPayloadException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            // Parsers report some limits (Parsson: nesting deeper than 1,000) as plain RuntimeExceptions.
            throw new MalformedPayloadException("payload cannot be read: " + e.getMessage(), e);
        }
        if (o.containsKey("args")) {
            field(o, "args", JsonValue.ValueType.ARRAY);
        }
        return JobPayload.builder(string(o, "class", true), args, string(o, "jid", true), string(o, "queue", true))
                .createdAt(number(o, "created_at", 0L))
                .enqueuedAt(o.containsKey("enqueued_at") ? number(o, "enqueued_at", 0L) : null)
                .retry(!o.containsKey("retry") || o.get("retry") != JsonValue.FALSE)
                .retryCount((int) number(o, "retry_count", 0L))
                .error(string(o, "error_class", false), string(o, "error_message", false),
                        o.containsKey("failed_at") ? number(o, "failed_at", 0L) : null)
                .run(string(o, "sideline_run_id", false), callbacks(o))
                .trace(TraceFields.read(o.get(TraceFields.FIELD)))
                .node(node(o))
                .build();
    }

    /**
     * Moves the parser past the array whose START_ARRAY it just read, event by event, so that invalid JSON inside
     * it fails like anywhere else. (Not {@code JsonParser.skipArray}: Parsson 1.1's loops forever on some
     * invalid input, which would hang a worker on one malformed payload.)
     */
    private static void skipArray(JsonParser parser) {
        int depth = 1;
        while (depth > 0) {
            if (!parser.hasNext()) {
                throw new MalformedPayloadException("payload is not valid JSON: args end too early");
            }
            switch (parser.next()) {
                case START_ARRAY, START_OBJECT -> {
                    if (++depth > MAX_ARGS_DEPTH) {
                        throw new MalformedPayloadException("payload cannot be read: args nest deeper than "
                                + MAX_ARGS_DEPTH + " levels");
                    }
                }
                case END_ARRAY, END_OBJECT -> depth--;
                case VALUE_NUMBER -> {
                    if (parser.getString().length() > MAX_NUMBER_CHARS) {
                        throw new MalformedPayloadException("payload cannot be read: a number in args has "
                                + parser.getString().length() + " characters; the limit is " + MAX_NUMBER_CHARS);
                    }
                }
                default -> {
                }
            }
        }
    }

    /** A longer number in a job's arguments is refused here, as JSON-P refuses to read it when the job is bound. */
    private static final int MAX_NUMBER_CHARS = 1_100;

    /** Nesting deeper than this in a job's arguments is refused, as the JSON parsers refuse it. */
    private static final int MAX_ARGS_DEPTH = 1_000;

    /** The text of the array between {@code from} ('[') and {@code to} (just after its ']'). */
    private static String rawArray(String text, int from, int to) {
        if (from < 0 || to > text.length() || text.charAt(from) != '[' || text.charAt(to - 1) != ']') {
            throw new IllegalStateException("the JSON parser reported unexpected offsets for args: " + from + ".." + to);
        }
        return text.substring(from, to);
    }

    /** Parses a JSON array text (the {@code args} of a payload). */
    public JsonArray parseArray(String arrayJson) {
        try (JsonReader reader = json.createReader(new StringReader(arrayJson))) {
            return reader.readArray();
        }
    }

    private static JsonValue field(Map<String, JsonValue> o, String name, JsonValue.ValueType type) {
        JsonValue v = o.get(name);
        if (v == null || v.getValueType() != type) {
            throw new MalformedPayloadException("payload field '" + name + "' must be " + type.name().toLowerCase());
        }
        return v;
    }

    private static String string(Map<String, JsonValue> o, String name, boolean required) {
        JsonValue v = o.get(name);
        if (v == null || v == JsonValue.NULL) {
            if (required) {
                throw new MalformedPayloadException("payload has no '" + name + "'");
            }
            return null;
        }
        if (!(v instanceof JsonString s) || (required && s.getString().isBlank())) {
            throw new MalformedPayloadException("payload field '" + name + "' must be a non-empty string");
        }
        return s.getString();
    }

    private static long number(Map<String, JsonValue> o, String name, long fallback) {
        JsonValue v = o.get(name);
        if (v == null || v == JsonValue.NULL) {
            return fallback;
        }
        if (!(v instanceof JsonNumber n)) {
            throw new MalformedPayloadException("payload field '" + name + "' must be a number");
        }
        return n.longValue();
    }

    /** The job's graph node number ({@code sideline_node}), null when absent. */
    private static Integer node(Map<String, JsonValue> o) {
        JsonValue v = o.get("sideline_node");
        if (v == null || v == JsonValue.NULL) {
            return null;
        }
        if (!(v instanceof JsonNumber n) || !n.isIntegral() || n.longValue() < 0 || n.longValue() > Integer.MAX_VALUE) {
            throw new MalformedPayloadException("payload field 'sideline_node' must be a non-negative integer");
        }
        return n.intValue();
    }

    private static List<String> callbacks(Map<String, JsonValue> o) {
        JsonValue v = o.get("sideline_callbacks");
        if (v == null || v == JsonValue.NULL) {
            return List.of();
        }
        if (v.getValueType() != JsonValue.ValueType.ARRAY) {
            throw new MalformedPayloadException("payload field 'sideline_callbacks' must be an array");
        }
        List<String> ids = new ArrayList<>();
        for (JsonValue id : v.asJsonArray()) {
            if (!(id instanceof JsonString s) || s.getString().isBlank()) {
                throw new MalformedPayloadException("payload field 'sideline_callbacks' must hold barrier ids");
            }
            ids.add(s.getString());
        }
        return ids;
    }

    /** Wraps a payload that could not be read, so the dead set keeps it together with the reason. */
    public String deadEntryForUnreadable(String raw, String reason, long failedAtMs) {
        return json.createObjectBuilder()
                .add("error_class", "MalformedPayload")
                .add("error_message", reason)
                .add("failed_at", failedAtMs)
                .add("raw", raw)
                .build().toString();
    }

    /**
     * Wraps a payload whose bytes are not valid UTF-8: the dead set keeps the reason, a readable rendering and the
     * exact bytes in Base64, so that nothing of it is lost.
     */
    public String deadEntryForBytes(byte[] raw, String reason, long failedAtMs) {
        return json.createObjectBuilder()
                .add("error_class", "MalformedPayload")
                .add("error_message", reason)
                .add("failed_at", failedAtMs)
                .add("raw", new String(raw, StandardCharsets.UTF_8))
                .add("raw_base64", Base64.getEncoder().encodeToString(raw))
                .build().toString();
    }
}
