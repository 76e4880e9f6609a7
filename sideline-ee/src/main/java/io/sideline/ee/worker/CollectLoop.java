package io.sideline.ee.worker;

import io.sideline.ee.runtime.RunStore;

/**
 * The collector: turns the keys of finished runs down from the lease they carried while running to their retention
 * TTLs ({@code sideline.barrier.ttl}, {@code sideline.run.ttl}, {@code sideline.memory.ttl}), in chunks of at most 500
 * keys per script call. Until it has looked at a finished run, that run's keys keep the lease (bounded by
 * {@code sideline.run.max-age} plus a day); every server runs one, and collecting a run twice changes nothing.
 */
final class CollectLoop extends Loop {

    /**
     * Finished runs collected per look (in a few round trips: see {@code RunStore.collect}); a full batch makes the
     * next look come at once.
     */
    static final int BATCH = 200;

    /**
     * The pause after a look that collected some runs but not a full batch: while runs finish, the next look comes
     * soon, and takes each run's keys a tenth of a second after it finished, not up to a second. Keys written that
     * recently are still in the CPU's caches: a key turned down a second later cost Redis ~5.5 µs, several times a
     * fresh key's EXPIRE (docs/performance.md, session 18). An idle server still looks once per interval.
     */
    static final long BUSY_INTERVAL_MS = 100;

    private final RunStore runs;
    private final long intervalMs;

    CollectLoop(StopSignal stop, RunStore runs, long intervalMs) {
        super("collector", stop);
        this.runs = runs;
        this.intervalMs = intervalMs;
    }

    @Override
    protected long tick() {
        int collected = runs.collect(BATCH);
        return collected == BATCH ? 0 : collected > 0 ? Math.min(BUSY_INTERVAL_MS, intervalMs) : intervalMs;
    }
}
