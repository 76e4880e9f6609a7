package io.sideline.ee.codec;

/** Writes JSON strings into a text being built, for the hot paths that build small JSON objects by hand. */
public final class JsonText {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonText() {
    }

    /**
     * Appends {@code value} as a JSON string: quoted, with quotes, backslashes and control characters escaped. Text
     * without any is appended whole; other text (a payload inside a plan: dozens of quotes) is escaped into one char
     * array and appended at once, not a slice per escape.
     */
    public static StringBuilder quote(StringBuilder out, String value) {
        int length = value.length();
        int first = 0;
        while (first < length && !escaped(value.charAt(first))) {
            first++;
        }
        if (first == length) {
            return out.append('"').append(value).append('"');
        }
        int extra = 0;
        for (int i = first; i < length; i++) {
            char c = value.charAt(i);
            if (escaped(c)) {
                extra += shortEscape(c) == 0 ? 5 : 1;
            }
        }
        char[] text = new char[length + extra + 2];
        text[0] = '"';
        value.getChars(0, first, text, 1);
        int at = first + 1;
        for (int i = first; i < length; i++) {
            char c = value.charAt(i);
            if (!escaped(c)) {
                text[at++] = c;
                continue;
            }
            text[at++] = '\\';
            char letter = shortEscape(c);
            if (letter != 0) {
                text[at++] = letter;
            } else {
                text[at++] = 'u';
                text[at++] = '0';
                text[at++] = '0';
                text[at++] = HEX[c >> 4];
                text[at++] = HEX[c & 0xF];
            }
        }
        text[at] = '"';
        return out.append(text);
    }

    private static boolean escaped(char c) {
        return c == '"' || c == '\\' || c < 0x20;
    }

    /** The letter after the backslash of a two-char escape, 0 for a char written as a backslash-u escape. */
    private static char shortEscape(char c) {
        return switch (c) {
            case '"' -> '"';
            case '\\' -> '\\';
            case '\n' -> 'n';
            case '\r' -> 'r';
            case '\t' -> 't';
            case '\b' -> 'b';
            case '\f' -> 'f';
            default -> 0;
        };
    }
}
