package io.sideline.ee.cdi;

import io.sideline.ee.InvalidInputException;
import io.sideline.ee.Violation;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Bean Validation of typed inputs, outputs and template parameters, reported as {@link InvalidInputException}. */
final class Validations {

    private final Validator validator;

    Validations(Validator validator) {
        this.validator = validator;
    }

    /**
     * Every violation of {@code value}, sorted by property; empty when valid. Properties are named as in the
     * JSON (a record component {@code @JsonbProperty("doc_id") String docId} is reported as {@code doc_id}).
     */
    List<Violation> violations(Object value) {
        Set<ConstraintViolation<Object>> found = validator.validate(value);
        Map<String, String> jsonNames = PropertyNames.javaToJson(value.getClass());
        return found.stream()
                .map(v -> new Violation(jsonPath(v.getPropertyPath().toString(), jsonNames), v.getMessage()))
                .sorted(Comparator.comparing(Violation::property).thenComparing(Violation::message))
                .toList();
    }

    /** The path with its first node renamed to its JSON name. */
    private static String jsonPath(String path, Map<String, String> jsonNames) {
        int end = path.indexOf('.') < 0 ? path.length() : path.indexOf('.');
        int bracket = path.indexOf('[');
        if (bracket >= 0 && bracket < end) {
            end = bracket;
        }
        String first = path.substring(0, end);
        return jsonNames.getOrDefault(first, first) + path.substring(end);
    }

    void requireValid(String what, Object value) {
        List<Violation> violations = violations(value);
        if (!violations.isEmpty()) {
            throw new InvalidInputException(what, violations);
        }
    }
}
