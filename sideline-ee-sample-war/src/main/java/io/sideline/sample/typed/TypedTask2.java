package io.sideline.sample.typed;

import io.sideline.ee.SidelineJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.constraints.NotBlank;

/**
 * The seed's memory example, second step: enqueued with no arguments ({@code {"job":"TypedTask2"}}), its
 * {@link Input} is hydrated from the run's memory, i.e. from {@link TypedTask1}'s output {@code something}. Its
 * own output, {@code something_else}, is written to memory in turn.
 */
@ApplicationScoped
@SidelineJob("TypedTask2")
public class TypedTask2 {

    public record Input(@NotBlank String something) {
    }

    public record Output(@NotBlank String something_else) {
    }

    public Output perform(Input input) {
        return new Output(input.something() + " and something else");
    }
}
