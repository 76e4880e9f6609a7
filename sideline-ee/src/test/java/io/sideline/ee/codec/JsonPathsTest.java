package io.sideline.ee.codec;

import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A member's location uses dot notation exactly for the names {@code [A-Za-z_][A-Za-z0-9_]*}, brackets otherwise. */
class JsonPathsTest {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    @Test
    void dotNotationExactlyForPlainIdentifiers() {
        assertEquals("$.chain", JsonPaths.member("$", "chain"));
        assertEquals("$['it\\'s']", JsonPaths.member("$", "it's"));
        assertEquals("$['']", JsonPaths.member("$", ""));
        for (String name : new String[] {"a", "_", "A_9", "z0", "9a", "a-b", "a b", "\u00e9", "a\u0660", "$", "a.b"}) {
            String expected = IDENTIFIER.matcher(name).matches() ? "$." + name : "$['" + name + "']";
            assertEquals(expected, JsonPaths.member("$", name), name);
        }
        for (char c = 0; c < 0x300; c++) {
            for (String name : new String[] {String.valueOf(c), "a" + c}) {
                boolean dot = JsonPaths.member("$", name).equals("$." + name);
                assertEquals(IDENTIFIER.matcher(name).matches(), dot, () -> "name " + name);
            }
        }
    }
}
