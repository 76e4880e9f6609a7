package io.sideline.ee.codec;

/** Writes JSON strings into a text being built, for the hot paths that build small JSON objects by hand. */
public final class JsonText {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonText() {
    }

    /** Appends {@code value} as a JSON string: quoted, with quotes, backslashes and control characters escaped. */
    public static StringBuilder quote(StringBuilder out, String value) {
        out.append('"');
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '"' && c != '\\' && c >= 0x20) {
                continue;
            }
            out.append(value, start, i);
            start = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return out.append(value, start, value.length()).append('"');
    }
}
