package io.sideline.chaos.jobs;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * A typed step's input. {@code label} and {@code workMs} come from the job's argument object; {@code value} from it
 * on the first typed step of a run, and from the run's memory (the previous typed step's output) after that.
 */
public record TypedIn(@NotBlank String label, @NotNull @PositiveOrZero Long value, Long workMs) {
}
