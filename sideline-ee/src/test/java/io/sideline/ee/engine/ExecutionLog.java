package io.sideline.ee.engine;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** What the test jobs did, in one total order (a sequence counter, no clocks needed). */
@ApplicationScoped
public class ExecutionLog {

    /** One execution of a recording job. */
    public record Entry(String runId, String label, String jid, long seqStart, long seqEnd, long startMs, long endMs) {
    }

    private final AtomicLong seq = new AtomicLong();
    private final List<Entry> entries = new ArrayList<>();

    long next() {
        return seq.incrementAndGet();
    }

    synchronized void add(Entry entry) {
        entries.add(entry);
    }

    public synchronized List<Entry> of(String runId) {
        return entries.stream().filter(e -> java.util.Objects.equals(e.runId(), runId)).toList();
    }
}
