package io.sideline.ee.test.contract;

import io.sideline.ee.JobContext;
import io.sideline.ee.SidelineJob;
import io.sideline.ee.engine.TypedJobs;
import io.sideline.ee.test.ExecutionLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;

/** The jobs the contract runs: a recorder, the library's typed test jobs ({@link TypedJobs}), and a job that fails. */
public final class ContractJobs {

    private ContractJobs() {
    }

    /** All the contract's job beans (and what they inject). */
    public static final Class<?>[] BEANS = {ExecutionLog.class, Rec.class, TypedJobs.Greet.class,
            TypedJobs.Shout.class, TypedJobs.Remember.class, TypedJobs.BadOutput.class, Boom.class, WhoAmI.class};

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
