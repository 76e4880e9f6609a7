package io.sideline.ee.codec;

import java.util.regex.Pattern;

/**
 * Builds the JSONPath-like locations that {@link io.sideline.ee.InvalidWorkflowException#path()} reports, such as
 * {@code $.chain[1].group[0].job}. Member names that are plain identifiers use dot notation; any other name uses
 * bracket notation with single quotes ({@code $['it\'s']}) so that every path stays unambiguous.
 */
final class JsonPaths {

    /** The location of the whole document. */
    static final String ROOT = "$";

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private JsonPaths() {
    }

    /** The location of member {@code name} of the object at {@code path}. */
    static String member(String path, String name) {
        if (IDENTIFIER.matcher(name).matches()) {
            return path + "." + name;
        }
        return path + "['" + name.replace("\\", "\\\\").replace("'", "\\'") + "']";
    }

    /** The location of element {@code index} of the array at {@code path}. */
    static String index(String path, int index) {
        return path + "[" + index + "]";
    }
}
