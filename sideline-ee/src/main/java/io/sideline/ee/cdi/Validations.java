package io.sideline.ee.cdi;

import io.sideline.ee.InvalidInputException;
import io.sideline.ee.Violation;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import java.util.Comparator;
import java.util.List;
import java.util.Set;

/** Bean Validation of typed inputs, outputs and template parameters, reported as {@link InvalidInputException}. */
final class Validations {

    private final Validator validator;

    Validations(Validator validator) {
        this.validator = validator;
    }

    /** Every violation of {@code value}, sorted by property; empty when valid. */
    List<Violation> violations(Object value) {
        Set<ConstraintViolation<Object>> found = validator.validate(value);
        return found.stream()
                .map(v -> new Violation(v.getPropertyPath().toString(), v.getMessage()))
                .sorted(Comparator.comparing(Violation::property).thenComparing(Violation::message))
                .toList();
    }

    void requireValid(String what, Object value) {
        List<Violation> violations = violations(value);
        if (!violations.isEmpty()) {
            throw new InvalidInputException(what, violations);
        }
    }
}
