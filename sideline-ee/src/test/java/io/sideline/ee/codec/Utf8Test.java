package io.sideline.ee.codec;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The UTF-8 size of text, as the JDK's encoder makes it, without encoding. */
class Utf8Test {

    @Test
    void countsOneTwoThreeAndFourByteCharactersAsTheEncoderDoes() {
        for (String text : new String[] {"", "plain", "d\u00e9j\u00e0", "\u20ac\u4e2d", "\uD83D\uDE00 ok", "mixed \u00e9\u20ac\uD83D\uDE00"}) {
            assertEquals(text.getBytes(StandardCharsets.UTF_8).length, Utf8.length(text), text);
        }
    }

    @Test
    void aTextIsLongerThanALimitByItsBytes() {
        assertFalse(Utf8.longerThan("\u00e9".repeat(50), 100));
        assertTrue(Utf8.longerThan("\u00e9".repeat(51), 100));
        assertFalse(Utf8.longerThan("e".repeat(100), 100));
        assertTrue(Utf8.longerThan("e".repeat(101), 100));
    }
}
