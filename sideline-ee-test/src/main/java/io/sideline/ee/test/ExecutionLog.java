package io.sideline.ee.test;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where test jobs record what they did, in one total order: {@code try (var span = log.begin(runId, label)) {...}}
 * takes a number from one counter at the start and another at the end, with the instants. Thread-safe; add it as
 * a bean ({@code @Inject ExecutionLog log}) or share one instance.
 */
@ApplicationScoped
public class ExecutionLog {

    private final AtomicLong counter = new AtomicLong();
    private final List<Execution> executions = new ArrayList<>();

    /** One execution in progress; closing it records it. */
    public final class Span implements AutoCloseable {
        private final String runId;
        private final String label;
        private final long seqStart = counter.incrementAndGet();
        private final Instant startedAt = Instant.now();

        private Span(String runId, String label) {
            this.runId = runId;
            this.label = label;
        }

        @Override
        public void close() {
            add(new Execution(runId, label, seqStart, counter.incrementAndGet(), startedAt, Instant.now()));
        }
    }

    public Span begin(String runId, String label) {
        return new Span(runId, label);
    }

    private synchronized void add(Execution execution) {
        executions.add(execution);
    }

    /** The executions of one run, in the order they ended. */
    public synchronized List<Execution> of(String runId) {
        return executions.stream().filter(e -> Objects.equals(e.runId(), runId)).toList();
    }

    public synchronized List<Execution> all() {
        return List.copyOf(executions);
    }
}
