package io.sideline.sample.typed;

import io.sideline.ee.SidelineJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.constraints.NotBlank;

import java.util.Locale;

/**
 * The seed's memory example, first step: a typed job. {@code {"job":"TypedTask1","args":[{"field_name":"hello"}]}}
 * binds its one JSON object argument to {@link Input} (validated: a blank or missing {@code field_name} sends the
 * job to {@code dead} and fails the run), and its {@link Output} is written to the run's memory as
 * {@code {"something":"HELLO"}}, where {@link TypedTask2} finds it.
 */
@ApplicationScoped
@SidelineJob("TypedTask1")
public class TypedTask1 {

    /** The JSON property names are the component names: {@code field_name}. */
    public record Input(@NotBlank String field_name) {
    }

    public record Output(@NotBlank String something) {
    }

    public Output perform(Input input) {
        return new Output(input.field_name().toUpperCase(Locale.ROOT));
    }
}
