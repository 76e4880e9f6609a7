package io.sideline.ee;

import java.util.List;

/**
 * Raised when a typed job's input or output, or a template's parameters, violate their constraints. Every
 * violation is listed. A job failing this way is not retried: it goes to the dead set with this message.
 */
public class InvalidInputException extends SidelineException {

    private final List<Violation> violations;

    public InvalidInputException(String what, List<Violation> violations) {
        super(what + " is invalid: " + violations);
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
