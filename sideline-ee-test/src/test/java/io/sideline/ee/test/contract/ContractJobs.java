package io.sideline.ee.test.contract;

import io.sideline.ee.JobContext;
import io.sideline.ee.SidelineJob;
import io.sideline.ee.test.ExecutionLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.constraints.NotBlank;

import java.util.Map;

/** The jobs the contract runs: a recorder, typed jobs with constraints, and a job that fails. */
public final class ContractJobs {

    private ContractJobs() {
    }

    /** All the contract's job beans (and what they inject). */
    public static final Class<?>[] BEANS = {ExecutionLog.class, Rec.class, Greet.class, Shout.class, Remember.class,
            BadOutput.class, Boom.class, WhoAmI.class};

    /** Records its execution under its label. */
    @SidelineJob("Rec")
    @ApplicationScoped
    public static class Rec {
        @Inject
        ExecutionLog log;
        @Inject
        JobContext job;

        public void perform(String label) {
            try (var span = log.begin(job.runId(), label)) {
                Thread.onSpinWait(); // a job does something; the span has a start and an end
            }
        }
    }

    public record GreetInput(@NotBlank String name, String greeting) {
    }

    public record GreetOutput(@NotBlank String message) {
    }

    public record ShoutInput(@NotBlank String message) {
    }

    /** Writes {@code message}. */
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

    /** Writes whatever map it is given. */
    @SidelineJob("Remember")
    @ApplicationScoped
    public static class Remember {
        public Map<String, Object> perform(Map<String, Object> values) {
            return values;
        }
    }

    /** Returns an output that violates its constraint. */
    @SidelineJob("BadOutput")
    @ApplicationScoped
    public static class BadOutput {
        public GreetOutput perform(GreetInput in) {
            return new GreetOutput(" ");
        }
    }

    /** Always fails. */
    @SidelineJob("Boom")
    @ApplicationScoped
    public static class Boom {
        public void perform(String label) {
            throw new IllegalStateException("boom " + label);
        }
    }

    /** Writes what its JobContext says and the thread it ran on. */
    @SidelineJob("WhoAmI")
    @ApplicationScoped
    public static class WhoAmI {
        @Inject
        JobContext job;

        public Map<String, Object> perform() {
            return Map.of("run", job.runId(), "job", job.jobName(), "active", job.active(),
                    "thread", Thread.currentThread().getName());
        }
    }
}
