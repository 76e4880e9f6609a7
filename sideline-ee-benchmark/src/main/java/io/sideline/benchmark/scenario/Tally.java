package io.sideline.benchmark.scenario;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where the benchmark's jobs report: the {@link Probe} of the scenario running now. Scenarios run one at a
 * time; every job carries its scenario's epoch, so a job of an earlier scenario (one that timed out, say)
 * is counted as a stray instead of being mistaken for progress.
 */
@ApplicationScoped
public class Tally {

    private final AtomicReference<Probe> current = new AtomicReference<>();
    private final AtomicInteger strays = new AtomicInteger();

    Probe begin(int epoch, int expectedFinishes, int stampedJobs) {
        Probe probe = new Probe(epoch, expectedFinishes, stampedJobs);
        current.set(probe);
        return probe;
    }

    void end(Probe probe) {
        current.compareAndSet(probe, null);
    }

    /** The probe of the running scenario when {@code epoch} is its epoch, else null (a stray job). */
    public Probe probe(int epoch) {
        Probe probe = current.get();
        if (probe == null || probe.epoch() != epoch) {
            strays.incrementAndGet();
            return null;
        }
        return probe;
    }

    /** The probe of the running scenario when {@code epoch} is its epoch, else null (not counted). */
    public Probe peek(int epoch) {
        Probe probe = current.get();
        return probe != null && probe.epoch() == epoch ? probe : null;
    }

    int strays() {
        return strays.get();
    }
}
