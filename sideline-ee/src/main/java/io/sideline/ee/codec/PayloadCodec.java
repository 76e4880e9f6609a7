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
import java.util.List;

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

    /** The fields a worker reads, by their slot in {@link #decode}'s array; any other field is read and dropped. */
    static final int CLASS = 0;
    static final int ARGS = 1;
    static final int JID = 2;
    static final int QUEUE = 3;
    static final int CREATED_AT = 4;
    static final int ENQUEUED_AT = 5;
    static final int RETRY = 6;
    static final int RETRY_COUNT = 7;
    static final int ERROR_CLASS = 8;
    static final int ERROR_MESSAGE = 9;
    static final int FAILED_AT = 10;
    static final int RUN_ID = 11;
    static final int CALLBACKS = 12;
    static final int TRACE = 13;
    static final int NODE = 14;
    /** The slot of the arguments' text (as written, '[]' when absent). */
    static final int ARGS_TEXT = 15;
    static final int FIELDS = 16;

    static int slot(String key) {
        return switch (key) {
            case "class" -> CLASS;
            case "args" -> ARGS;
            case "jid" -> JID;
            case "queue" -> QUEUE;
            case "created_at" -> CREATED_AT;
            case "enqueued_at" -> ENQUEUED_AT;
            case "retry" -> RETRY;
            case "retry_count" -> RETRY_COUNT;
            case "error_class" -> ERROR_CLASS;
            case "error_message" -> ERROR_MESSAGE;
            case "failed_at" -> FAILED_AT;
            case "sideline_run_id" -> RUN_ID;
            case "sideline_callbacks" -> CALLBACKS;
            case TraceFields.FIELD -> TRACE;
            case "sideline_node" -> NODE;
            default -> -1;
        };
    }

    /**
     * Reads a payload. Each known field is kept in a slot of a small array as it is parsed (the last one wins, as
     * in a map), a string as its Java text, anything else as its JSON value; unknown fields are parsed and dropped.
     * Every job decodes its payload once: no map of every parsed value, no JSON string objects for the ids.
     *
     * @throws MalformedPayloadException naming what is wrong; the caller sends the raw text to the dead set
     */
    public JobPayload decode(String text) {
        if (text.length() > maxPayloadChars) {
            throw new MalformedPayloadException("payload of " + text.length() + " characters exceeds the limit of "
                    + maxPayloadChars);
        }
        Object[] o = PlainPayloadReader.read(text); // the payloads this library writes, without a JSON parser
        return payloadOf(o == null ? parsed(text) : o);
    }

    /** {@link #decode} with the JSON parser only: the reference {@link PlainPayloadReader} is tested against. */
    JobPayload decodeParsed(String text) {
        return payloadOf(parsed(text));
    }

    /** The payload of the slots read, each field checked. */
    private static JobPayload payloadOf(Object[] o) {
        String args = (String) o[ARGS_TEXT];
        if (o[ARGS] != null && !(o[ARGS] instanceof JsonArray)) {
            throw new MalformedPayloadException("payload field 'args' must be array");
        }
        return JobPayload.builder(string(o[CLASS], "class", true), args, string(o[JID], "jid", true),
                        string(o[QUEUE], "queue", true))
                .createdAt(number(o[CREATED_AT], "created_at", 0L))
                .enqueuedAt(o[ENQUEUED_AT] != null ? number(o[ENQUEUED_AT], "enqueued_at", 0L) : null)
                .retry(o[RETRY] != JsonValue.FALSE)
                .retryCount((int) number(o[RETRY_COUNT], "retry_count", 0L))
                .error(string(o[ERROR_CLASS], "error_class", false), string(o[ERROR_MESSAGE], "error_message", false),
                        o[FAILED_AT] != null ? number(o[FAILED_AT], "failed_at", 0L) : null)
                .run(string(o[RUN_ID], "sideline_run_id", false), callbacks(o[CALLBACKS]))
                .trace(o[TRACE] instanceof JsonValue trace ? TraceFields.read(trace) : null)
                .node(node(o[NODE]))
                .build();
    }

    /**
     * The fields of any payload, read with JSON-P: slot by slot, a String for a JSON string, the JSON value otherwise
     * (null when absent), the arguments' text at {@link #ARGS_TEXT}.
     */
    private Object[] parsed(String text) {
        Object[] o = new Object[FIELDS]; // a String, a JsonValue, or null when absent
        String args = "[]";
        try (JsonParser parser = json.createParser(new StringReader(text))) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                throw new MalformedPayloadException("payload is not a JSON object");
            }
            JsonParser.Event event;
            while ((event = parser.next()) == JsonParser.Event.KEY_NAME) {
                int slot = slot(parser.getString());
                JsonParser.Event value = parser.next();
                if (slot == ARGS && value == JsonParser.Event.START_ARRAY) {
                    // the arguments are kept as the text they are: copied, not parsed and written again
                    int from = (int) parser.getLocation().getStreamOffset() - 1;
                    skipArray(parser);
                    args = rawArray(text, from, (int) parser.getLocation().getStreamOffset());
                    o[ARGS] = JsonValue.EMPTY_JSON_ARRAY;
                } else if (value == JsonParser.Event.VALUE_STRING) {
                    String string = parser.getString();
                    if (slot >= 0) {
                        o[slot] = string;
                    }
                } else {
                    JsonValue parsed = parser.getValue();
                    if (slot >= 0) {
                        o[slot] = parsed;
                    }
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
        o[ARGS_TEXT] = args;
        return o;
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

    /**
     * Parses a JSON array text (the {@code args} of a payload). A flat array of strings without escapes, whole numbers
     * and literals (the usual arguments, bound for every job) is built without the parser, to the same values.
     */
    public JsonArray parseArray(String arrayJson) {
        List<Object> plain = PlainPayloadReader.elements(arrayJson);
        if (plain != null) {
            JsonArrayBuilder array = json.createArrayBuilder();
            for (Object element : plain) {
                if (element instanceof String text) {
                    array.add(text);
                } else if (element instanceof Long number) {
                    array.add(number.longValue());
                } else {
                    array.add((JsonValue) element);
                }
            }
            return array.build();
        }
        return parseArrayWithParser(arrayJson);
    }

    /** {@link #parseArray} with the JSON parser only: the reference the plain path is tested against. */
    JsonArray parseArrayWithParser(String arrayJson) {
        try (JsonReader reader = json.createReader(new StringReader(arrayJson))) {
            return reader.readArray();
        }
    }

    private static String string(Object v, String name, boolean required) {
        if (v == null || v == JsonValue.NULL) {
            if (required) {
                throw new MalformedPayloadException("payload has no '" + name + "'");
            }
            return null;
        }
        if (!(v instanceof String s) || (required && s.isBlank())) {
            throw new MalformedPayloadException("payload field '" + name + "' must be a non-empty string");
        }
        return s;
    }

    private static long number(Object v, String name, long fallback) {
        if (v == null || v == JsonValue.NULL) {
            return fallback;
        }
        if (v instanceof Long plain) {
            return plain;
        }
        if (!(v instanceof JsonNumber n)) {
            throw new MalformedPayloadException("payload field '" + name + "' must be a number");
        }
        return n.longValue();
    }

    /** The job's graph node number ({@code sideline_node}), null when absent. */
    private static Integer node(Object v) {
        if (v == null || v == JsonValue.NULL) {
            return null;
        }
        if (v instanceof Long plain && plain >= 0 && plain <= Integer.MAX_VALUE) {
            return plain.intValue();
        }
        if (!(v instanceof JsonNumber n) || !n.isIntegral() || n.longValue() < 0 || n.longValue() > Integer.MAX_VALUE) {
            throw new MalformedPayloadException("payload field 'sideline_node' must be a non-negative integer");
        }
        return n.intValue();
    }

    private static List<String> callbacks(Object v) {
        if (v == null || v == JsonValue.NULL) {
            return List.of();
        }
        if (v instanceof PlainPayloadReader.Ids plain) {
            return plain.ids(); // strings, none blank: checked as read
        }
        if (!(v instanceof JsonArray array)) {
            throw new MalformedPayloadException("payload field 'sideline_callbacks' must be an array");
        }
        List<String> ids = new ArrayList<>(array.size());
        for (JsonValue id : array) {
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
