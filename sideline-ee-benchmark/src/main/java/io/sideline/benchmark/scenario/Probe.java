package io.sideline.benchmark.scenario;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What the jobs of one scenario report, counted in-process (no Redis operation per job, as the peers count):
 * steps started, "finishes" (the events the scenario waits for: every no-op job, every workflow's final job),
 * {@code System.nanoTime()} stamps, and optional per-job stamps for latency and lateness.
 */
public final class Probe {

    private final int epoch;
    private final int expectedFinishes;
    private final AtomicInteger steps = new AtomicInteger();
    private final AtomicInteger finishes = new AtomicInteger();
    private final AtomicLong firstStartNanos = new AtomicLong();
    private final AtomicIntegerArray maxPayload = new AtomicIntegerArray(2);
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile long lastFinishNanos;
    /**
     * Per-job stamps (latency: when each step began, ended and was completed; lateness: when each delayed job
     * began). Atomic arrays: they are written by worker threads and read by the scenario's thread.
     */
    private final AtomicLongArray starts;
    private final AtomicLongArray ends;
    private final AtomicLongArray completions;

    Probe(int epoch, int expectedFinishes, int stampedJobs) {
        this.epoch = epoch;
        this.expectedFinishes = expectedFinishes;
        this.starts = new AtomicLongArray(stampedJobs);
        this.ends = new AtomicLongArray(stampedJobs);
        this.completions = new AtomicLongArray(stampedJobs);
    }

    public int epoch() {
        return epoch;
    }

    /** A job of this scenario began. */
    public void step() {
        steps.incrementAndGet();
        firstStartNanos.compareAndSet(0, System.nanoTime());
    }

    /** One of the events the scenario waits for happened; the last one stamps the end of the scenario. */
    public void finish() {
        if (finishes.incrementAndGet() == expectedFinishes) {
            lastFinishNanos = System.nanoTime();
            done.countDown();
        }
    }

    public void stampStart(int index) {
        starts.set(index, System.nanoTime());
    }

    public void stampEnd(int index) {
        ends.set(index, System.nanoTime());
    }

    /** The job's completion (the library's script) has returned. */
    public void stampCompleted(int index) {
        completions.set(index, System.nanoTime());
    }

    /** @param kind 0 or 1 (group member or chain step): the largest payload of each kind is kept */
    public void payload(int size, int kind) {
        maxPayload.accumulateAndGet(kind, size, Math::max);
    }

    boolean await(long timeoutMs) throws InterruptedException {
        return done.await(timeoutMs, TimeUnit.MILLISECONDS);
    }

    int steps() {
        return steps.get();
    }

    int finishes() {
        return finishes.get();
    }

    long firstStartNanos() {
        return firstStartNanos.get();
    }

    long lastFinishNanos() {
        return lastFinishNanos;
    }

    long start(int index) {
        return starts.get(index);
    }

    long end(int index) {
        return ends.get(index);
    }

    /** Completion stamps are taken after the job's completion returned, possibly after the scenario ended. */
    long completion(int index) {
        return completions.get(index);
    }

    int maxPayload(int kind) {
        return maxPayload.get(kind);
    }
}
