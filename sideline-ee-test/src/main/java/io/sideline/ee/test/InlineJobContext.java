package io.sideline.ee.test;

import io.sideline.ee.JobContext;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.interceptor.Interceptor;

import java.util.Optional;

/**
 * {@link JobContext} in inline mode: describes the job {@link InlineWorkflows} is performing on this thread
 * (the library's own context reads a worker's job, which inline mode never opens).
 */
@Alternative
@Priority(Interceptor.Priority.APPLICATION + 1000)
@ApplicationScoped
public class InlineJobContext implements JobContext {

    /** The job being performed inline. */
    record Current(String runId, String jid, String jobName) {
    }

    private static final ThreadLocal<Current> CURRENT = new ThreadLocal<>();

    static void open(Current job) {
        CURRENT.set(job);
    }

    static void close() {
        CURRENT.remove();
    }

    @Override
    public boolean active() {
        return CURRENT.get() != null;
    }

    @Override
    public String runId() {
        return current().runId();
    }

    @Override
    public String jid() {
        return current().jid();
    }

    @Override
    public String jobName() {
        return current().jobName();
    }

    /** Inline mode does not retry: always 0. */
    @Override
    public int retryCount() {
        current();
        return 0;
    }

    /** Inline mode writes no payload: always 0. */
    @Override
    public int payloadSize() {
        current();
        return 0;
    }

    /** Nothing expires in inline mode; the argument is checked as the library checks it. */
    @Override
    public void extendTtl(long ttlSeconds) {
        if (ttlSeconds <= 0) {
            throw new IllegalArgumentException("ttl must be positive, was " + ttlSeconds);
        }
        current();
    }

    private static Current current() {
        return Optional.ofNullable(CURRENT.get()).orElseThrow(() -> new IllegalStateException(
                "no sideline job is being performed on this thread"));
    }
}
