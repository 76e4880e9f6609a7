package io.sideline.ee.codec;

/** The size of text as Redis stores it: UTF-8 bytes, counted without encoding. */
public final class Utf8 {

    private Utf8() {
    }

    /** The number of bytes {@code text} takes in UTF-8 (an unpaired surrogate as 3, the bytes of its replacement). */
    public static long length(CharSequence text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4; // a pair: one code point beyond the BMP
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /**
     * Whether {@code text} takes more than {@code limit} bytes in UTF-8. A char takes at most 3 bytes (a surrogate pair,
     * two chars, takes 4), so text of at most {@code limit / 3} chars is never counted: the usual payload costs nothing.
     */
    public static boolean longerThan(CharSequence text, long limit) {
        if (text.length() * 3L <= limit) {
            return false;
        }
        return text.length() > limit || length(text) > limit;
    }
}
