package io.sideline.chaos.faults;

/**
 * Where a server can be made to halt ({@code Runtime.halt}: no shutdown hook, no graceful stop, like kill -9).
 * The driver arms a point for one job label with {@code SADD chaos:arm:<point> <label>}; the first server to reach
 * that point with that label removes the arm ({@code SREM} answers 1 to one caller only), records the halt in
 * {@code chaos:halts} and halts, so the restarted server does not crash again.
 */
public enum CrashPoint {
    /** The job was moved into this worker's in-progress list; nothing ran yet ({@code JobQueue.fetch}). */
    FETCH("fetch"),
    /** Inside {@code perform}, after the ledger's start entry. */
    PERFORM("perform"),
    /** {@code perform} returned; the completion script has not run ({@code Barrier.complete}, before delegating). */
    BEFORE_COMPLETE("before-complete"),
    /** The completion script ran; its reply was never used ({@code Barrier.complete}, after delegating). */
    AFTER_COMPLETE("after-complete"),
    /** The promoter moved the armed delayed job onto its queue ({@code Scheduler.promoteDue}, after delegating). */
    PROMOTE("promote"),
    /** A reaper requeued the jobs of a dead worker ({@code WorkerRegistry.reap}, after delegating, when it requeued some). */
    REAP("reap"),
    /** Not armed: the Poison job halts its server every time it runs (the poison-pill scenario). */
    POISON("poison");

    private final String key;

    CrashPoint(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}
