package io.sideline.ee.cdi;

import io.sideline.ee.UnknownJobException;
import io.sideline.ee.runtime.Normalizer;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;
import java.util.Set;

/**
 * The job names known to this application, built at deployment by {@link SidelineExtension}. Job names
 * read from Redis are looked up here and nowhere else: never with {@code Class.forName}.
 */
@ApplicationScoped
public class JobRegistry {

    @Inject
    SidelineExtension extension;

    private Map<String, JobDefinition> jobs;

    @PostConstruct
    void load() {
        jobs = extension.jobs();
    }

    public JobDefinition get(String name) {
        JobDefinition job = jobs.get(name);
        if (job == null) {
            throw new UnknownJobException(name);
        }
        return job;
    }

    /** Whether a workflow may name this job (the built-in no-op included). */
    public boolean knows(String name) {
        return jobs.containsKey(name) || Normalizer.NOOP_JOB.equals(name);
    }

    public Set<String> names() {
        return jobs.keySet();
    }
}
