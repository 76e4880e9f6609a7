package io.sideline.ee;

/** One constraint violation: the property path (e.g. {@code doc_id}) and the message. */
public record Violation(String property, String message) {

    @Override
    public String toString() {
        return property + ": " + message;
    }
}
