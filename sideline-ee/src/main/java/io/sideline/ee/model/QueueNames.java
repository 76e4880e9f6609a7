package io.sideline.ee.model;

import java.util.regex.Pattern;

/**
 * The rule every queue name follows: 1 to 64 letters, digits, {@code _}, {@code .} or {@code -}. Names are
 * part of Redis keys and of the configuration's comma-separated list; a name outside the rule (a typo with a
 * space, a stray comma, a key-sized string from a request) would make a run wait in a queue nobody serves.
 */
public final class QueueNames {

    /** The rule, as a regular expression (for messages and documentation). */
    public static final String RULE = "[A-Za-z0-9_.-]{1,64}";

    private static final Pattern VALID = Pattern.compile(RULE);

    private QueueNames() {
    }

    /** Whether {@code name} follows the rule. */
    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches();
    }
}
