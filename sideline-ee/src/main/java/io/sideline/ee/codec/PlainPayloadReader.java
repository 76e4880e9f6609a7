package io.sideline.ee.codec;

import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads, without a JSON parser, the payloads this library writes for the usual job: one object of the known fields,
 * no whitespace, strings without escapes, whole numbers of at most 18 digits, {@code true}/{@code false}/{@code null},
 * flat arrays of those as the arguments and of ids as the callbacks. Anything else (an escape, an unknown field, a
 * fraction, a nested argument, a trace context, an error) is left to the JSON parser: {@link #read} then answers null,
 * and the payload is read exactly as before. What it reads it reads as the parser would (PayloadCodecTest compares
 * the two): each worker decodes each payload once, and the parser was the larger part of that.
 */
final class PlainPayloadReader {

    /** The callback ids as read: strings, none blank. */
    record Ids(List<String> ids) {
    }

    /** Any 18 digits fit a long; a longer number goes to the parser (and JSON-P's rounding rules). */
    private static final int MAX_DIGITS = 18;

    private final String text;
    private int at;

    private PlainPayloadReader(String text) {
        this.text = text;
    }

    /** The payload's slots as {@link PayloadCodec} keeps them, or null when the parser must read it. */
    static Object[] read(String text) {
        return new PlainPayloadReader(text).object();
    }

    /**
     * The elements of a flat array of strings without escapes, whole numbers (Long) and literals (their JsonValue), as
     * {@link #read} accepts a payload's arguments; null for any other text.
     */
    static List<Object> elements(String text) {
        PlainPayloadReader reader = new PlainPayloadReader(text);
        List<Object> elements = new ArrayList<>();
        if (reader.peek() != '[' || !reader.array(false, elements) || reader.at != text.length()) {
            return null;
        }
        return elements;
    }

    private Object[] object() {
        int end = text.length();
        if (end < 2 || text.charAt(0) != '{' || text.charAt(end - 1) != '}') {
            return null;
        }
        Object[] o = new Object[PayloadCodec.FIELDS];
        o[PayloadCodec.ARGS_TEXT] = "[]";
        at = 1;
        if (peek() == '}') {
            return at + 1 == end ? o : null;
        }
        while (true) {
            String key = string();
            if (key == null || peek() != ':') {
                return null;
            }
            at++;
            int slot = PayloadCodec.slot(key);
            if (slot < 0 || slot == PayloadCodec.TRACE) {
                return null;
            }
            if (!value(slot, o)) {
                return null;
            }
            char next = peek();
            at++;
            if (next == '}') {
                return at == end ? o : null;
            }
            if (next != ',') {
                return null;
            }
        }
    }

    /** Reads the value of a field into its slot; false when the parser must read the payload. */
    private boolean value(int slot, Object[] o) {
        char c = peek();
        if (c == '[') {
            if (slot == PayloadCodec.ARGS) {
                int from = at;
                if (!array(false, null)) {
                    return false;
                }
                o[PayloadCodec.ARGS_TEXT] = text.substring(from, at);
                o[slot] = JsonValue.EMPTY_JSON_ARRAY;
                return true;
            }
            if (slot == PayloadCodec.CALLBACKS) {
                List<String> ids = new ArrayList<>(4);
                if (!array(true, ids)) {
                    return false;
                }
                o[slot] = new Ids(List.copyOf(ids));
                return true;
            }
            return false;
        }
        Object scalar = scalar(false);
        if (scalar == null) {
            return false;
        }
        o[slot] = scalar;
        return true;
    }

    /** A flat array of scalars (of non-blank strings only when {@code idsOnly}), collected into {@code ids} if given. */
    @SuppressWarnings("unchecked")
    private boolean array(boolean idsOnly, List<?> ids) {
        at++; // '['
        if (peek() == ']') {
            at++;
            return true;
        }
        while (true) {
            Object element = scalar(idsOnly);
            if (element == null) {
                return false;
            }
            if (ids != null) {
                ((List<Object>) ids).add(element);
            }
            char next = peek();
            at++;
            if (next == ']') {
                return true;
            }
            if (next != ',') {
                return false;
            }
        }
    }

    /** A string, a whole number (Long) or a literal (its JsonValue); null when the parser must read it. */
    private Object scalar(boolean nonBlankStringOnly) {
        char c = peek();
        if (c == '"') {
            String s = string();
            return s == null || (nonBlankStringOnly && s.isBlank()) ? null : s;
        }
        if (nonBlankStringOnly) {
            return null;
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return number();
        }
        if (text.startsWith("true", at)) {
            at += 4;
            return JsonValue.TRUE;
        }
        if (text.startsWith("false", at)) {
            at += 5;
            return JsonValue.FALSE;
        }
        if (text.startsWith("null", at)) {
            at += 4;
            return JsonValue.NULL;
        }
        return null;
    }

    /** A string without escapes, control characters or surrogates, at {@code at}; null otherwise. */
    private String string() {
        if (peek() != '"') {
            return null;
        }
        int from = at + 1;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                at = i + 1;
                return text.substring(from, i);
            }
            if (c == '\\' || c < 0x20 || Character.isSurrogate(c)) {
                return null;
            }
        }
        return null;
    }

    /** A whole number in JSON's form ({@code -?(0|[1-9][0-9]*)}) of at most 18 digits; null otherwise. */
    private Long number() {
        int from = at;
        int i = at;
        if (text.charAt(i) == '-') {
            i++;
        }
        int digits = i;
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        int count = i - digits;
        if (count == 0 || count > MAX_DIGITS || (count > 1 && text.charAt(digits) == '0')) {
            return null;
        }
        if (i < text.length() && (text.charAt(i) == '.' || text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            return null;
        }
        at = i;
        return Long.parseLong(text, from, i, 10);
    }

    private char peek() {
        return at < text.length() ? text.charAt(at) : '\0';
    }
}
