package io.sideline.ee.cdi;

import io.sideline.ee.UnknownJobException;
import io.sideline.ee.runtime.Normalizer;

import java.util.Map;

/**
 * The registered jobs by name, fixed once the application has deployed: what the per-job paths (planning a job's
 * queue, invoking it, its timeout and retries) look up. A plain object, not a bean: {@link JobRegistry} is
 * application-scoped, so every call on it goes through a CDI client proxy (a context lookup per call), which the
 * worker would otherwise pay several times per job.
 */
final class JobTable {

    private final Map<String, JobDefinition> jobs;

    JobTable(Map<String, JobDefinition> jobs) {
        this.jobs = Map.copyOf(jobs);
    }

    /** The job named {@code name}. */
    JobDefinition get(String name) {
        JobDefinition job = jobs.get(name);
        if (job == null) {
            throw new UnknownJobException(name);
        }
        return job;
    }

    /** Whether a workflow may name this job (the built-in no-op included). */
    boolean knows(String name) {
        return jobs.containsKey(name) || Normalizer.NOOP_JOB.equals(name);
    }

    /** The job's own queue ({@code @SidelineJob(queue)}), or null when it is unknown or names none. */
    String queueOf(String name) {
        JobDefinition job = jobs.get(name);
        return job == null ? null : job.queue();
    }
}
