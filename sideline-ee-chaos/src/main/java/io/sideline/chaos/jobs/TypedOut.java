package io.sideline.chaos.jobs;

/** A typed step's output, written to the run's memory: the input value plus one, and which server wrote it. */
public record TypedOut(Long value, String writer) {
}
