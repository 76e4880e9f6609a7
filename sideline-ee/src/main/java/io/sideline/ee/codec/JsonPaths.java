package io.sideline.ee.codec;

/**
 * Builds the JSONPath-like locations that {@link io.sideline.ee.InvalidWorkflowException#path()} reports, such as
 * {@code $.chain[1].group[0].job}. Member names that are plain identifiers use dot notation; any other name uses
 * bracket notation with single quotes ({@code $['it\'s']}) so that every path stays unambiguous.
 */
final class JsonPaths {

    /** The location of the whole document. */
    static final String ROOT = "$";

    private JsonPaths() {
    }

    /** The location of member {@code name} of the object at {@code path}. */
    static String member(String path, String name) {
        if (identifier(name)) {
            return path + "." + name;
        }
        return path + "['" + name.replace("\\", "\\\\").replace("'", "\\'") + "']";
    }

    /**
     * Whether {@code name} is {@code [A-Za-z_][A-Za-z0-9_]*}, tested char by char: a path is made for every member and
     * element a workflow's JSON form is read with (every continuation planned), and a regex showed in the profile.
     */
    private static boolean identifier(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
            if (!letter && (i == 0 || c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }

    /** The location of element {@code index} of the array at {@code path}. */
    static String index(String path, int index) {
        return path + "[" + index + "]";
    }
}
