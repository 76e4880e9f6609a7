package io.sideline.ee.cdi;

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
    private JobTable table;

    @PostConstruct
    void load() {
        jobs = extension.jobs();
        table = new JobTable(jobs);
    }

    public JobDefinition get(String name) {
        return table.get(name);
    }

    /** Whether a workflow may name this job (the built-in no-op included). */
    public boolean knows(String name) {
        return table.knows(name);
    }

    public Set<String> names() {
        return jobs.keySet();
    }

    /** The same jobs as a plain object, for the per-job paths (no client proxy per lookup). */
    JobTable table() {
        return table;
    }
}
