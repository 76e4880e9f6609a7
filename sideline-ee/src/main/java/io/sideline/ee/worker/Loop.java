package io.sideline.ee.worker;

import io.sideline.ee.RedisUnavailableException;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A background loop of the worker: repeats {@link #tick()} until the worker stops, waiting between ticks
 * as long as the tick asks. A failing tick is logged and retried after a pause: the loop never dies of an
 * exception, and {@link #lastBeatMs()} lets the liveness check see that it still turns.
 */
abstract class Loop implements Runnable {

    private static final Logger LOG = Logger.getLogger(Loop.class.getName());
    /** Pause after a failed tick, so a Redis outage does not become a busy loop of errors. */
    private static final long PAUSE_AFTER_FAILURE_MS = 1_000;

    protected final StopSignal stop;
    private final String name;
    private volatile long lastBeatMs = System.currentTimeMillis();
    private volatile long lastWaitMs;
    private volatile boolean finished;
    /** A line when an outage starts, one a minute while it lasts, one when it ends; not one per attempt. */
    private final OutageLog outage;

    Loop(String name, StopSignal stop) {
        this.name = name;
        this.stop = stop;
        this.outage = new OutageLog(name, System::currentTimeMillis);
    }

    /** One unit of work; returns how long to wait before the next one (0: go on at once). */
    protected abstract long tick();

    @Override
    public final void run() {
        try {
            while (!stop.stopping() && !Thread.currentThread().isInterrupted()) {
                lastBeatMs = System.currentTimeMillis();
                long waitMs;
                try {
                    waitMs = tick();
                    outage.recovered();
                } catch (RedisUnavailableException e) {
                    outage.failed(e);
                    waitMs = PAUSE_AFTER_FAILURE_MS;
                } catch (RuntimeException e) {
                    LOG.log(Level.SEVERE, "sideline: " + name + " failed; continuing", e);
                    waitMs = PAUSE_AFTER_FAILURE_MS;
                }
                lastWaitMs = waitMs;
                if (waitMs > 0 && stop.await(waitMs)) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            finished = true;
        }
    }

    /** Marks the loop as turning, from within a long tick. */
    protected void stillTurning() {
        lastBeatMs = System.currentTimeMillis();
    }

    String name() {
        return name;
    }

    long lastBeatMs() {
        return lastBeatMs;
    }

    /**
     * Whether the loop is overdue: it has not begun a tick for longer than the wait it asked for plus
     * {@code toleranceMs} (a loop that sleeps a minute by design is not stuck after ten seconds).
     */
    boolean overdue(long nowMs, long toleranceMs) {
        return nowMs - lastBeatMs() > lastWaitMs + toleranceMs;
    }

    boolean finished() {
        return finished;
    }
}
