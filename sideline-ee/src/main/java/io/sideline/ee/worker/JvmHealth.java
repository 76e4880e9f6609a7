package io.sideline.ee.worker;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Decides when this JVM can no longer go on: after {@value #OOM_LIMIT} {@link OutOfMemoryError}s within
 * {@value #OOM_WINDOW_MS} ms, thrown by jobs or by our own loops. One such error may be a single oversized
 * allocation that the JVM survives (the job fails and is retried); several in a short time mean the heap is
 * exhausted and every job here will fail or crawl. Then the worker gives up: it stops fetching and hands its
 * jobs back to other servers, and the liveness check reports DOWN with the reason so the orchestrator restarts
 * this server.
 */
final class JvmHealth {

    private static final Logger LOG = Logger.getLogger(JvmHealth.class.getName());
    /** How many OutOfMemoryErrors within the window mean the heap is exhausted, not one oversized allocation. */
    static final int OOM_LIMIT = 3;
    /** The window in which {@value #OOM_LIMIT} OutOfMemoryErrors count as repeated. */
    static final long OOM_WINDOW_MS = 60_000;

    private final LongSupplier clock;
    private final Runnable giveUp;
    private final Deque<Long> oomTimes = new ArrayDeque<>();
    private volatile String fatal;

    /** @param giveUp called once, when the JVM is found unable to go on */
    JvmHealth(LongSupplier clock, Runnable giveUp) {
        this.clock = clock;
        this.giveUp = giveUp;
    }

    /** Notes an error thrown by a job or a loop; any throwable may be passed, only OutOfMemoryErrors count. */
    void record(Throwable error) {
        if (!(error instanceof OutOfMemoryError)) {
            return;
        }
        String reason;
        synchronized (this) {
            long now = clock.getAsLong();
            oomTimes.addLast(now);
            while (!oomTimes.isEmpty() && oomTimes.peekFirst() <= now - OOM_WINDOW_MS) {
                oomTimes.removeFirst();
            }
            if (fatal != null || oomTimes.size() < OOM_LIMIT) {
                return;
            }
            reason = oomTimes.size() + " OutOfMemoryErrors within " + OOM_WINDOW_MS / 1000 + " s (last: "
                    + error.getMessage() + "): this JVM cannot go on; its jobs were handed back to other servers";
            fatal = reason;
        }
        LOG.log(Level.SEVERE, "sideline: " + reason, error);
        giveUp.run();
    }

    /** Why this JVM cannot go on, once it cannot. */
    Optional<String> fatal() {
        return Optional.ofNullable(fatal);
    }
}
