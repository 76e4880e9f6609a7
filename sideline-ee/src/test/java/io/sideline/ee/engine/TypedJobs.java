package io.sideline.ee.engine;

import io.sideline.ee.SidelineJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.constraints.NotBlank;

import java.util.Map;

/** Typed test jobs: inputs and outputs are records with Bean Validation constraints. */
public final class TypedJobs {

    private TypedJobs() {
    }

    public record GreetInput(@NotBlank String name, String greeting) {
    }

    public record GreetOutput(@NotBlank String message) {
    }

    public record ShoutInput(@NotBlank String message) {
    }

    /** Writes {@code message} to memory. */
    @SidelineJob("Greet")
    @ApplicationScoped
    public static class Greet {
        public GreetOutput perform(GreetInput in) {
            return new GreetOutput((in.greeting() == null ? "Hello" : in.greeting()) + ", " + in.name());
        }
    }

    /** Reads {@code message} (from memory when not given), writes {@code shout}. */
    @SidelineJob("Shout")
    @ApplicationScoped
    public static class Shout {
        public Map<String, Object> perform(ShoutInput in) {
            return Map.of("shout", in.message().toUpperCase());
        }
    }

    /** An untyped job that writes whatever map it is given to memory. */
    @SidelineJob("Remember")
    @ApplicationScoped
    public static class Remember {
        public Map<String, Object> perform(Map<String, Object> values) {
            return values;
        }
    }

    /** Returns an output that violates its constraints. */
    @SidelineJob("BadOutput")
    @ApplicationScoped
    public static class BadOutput {
        public GreetOutput perform(GreetInput in) {
            return new GreetOutput(" ");
        }
    }
}
