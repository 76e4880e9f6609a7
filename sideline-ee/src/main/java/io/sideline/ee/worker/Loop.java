package io.sideline.ee.worker;

import io.sideline.ee.RedisUnavailableException;

import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A background loop of the worker: repeats {@link #tick()} until the worker stops, waiting between ticks
 * as long as the tick asks. A failing tick is logged and retried after a pause: the loop never dies of an
 * exception, nor of an {@link Error} (a {@code StackOverflowError} in our code, an {@code OutOfMemoryError}, a
 * {@code NoClassDefFoundError} of a broken deployment): any {@link Throwable} is logged SEVERE with its stack,
 * {@link #recover} lets the loop put right what the tick left half done, and the same loop object goes on with
 * its next tick. {@link #lastBeatMs()} lets the liveness check see that it still turns.
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
    private volatile boolean retired;
    private volatile Consumer<Throwable> errors = error -> { };
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
            while (!stop.stopping() && !retired && !Thread.currentThread().isInterrupted()) {
                lastBeatMs = System.currentTimeMillis();
                long waitMs;
                try {
                    waitMs = tick();
                    outage.recovered();
                } catch (RedisUnavailableException e) {
                    outage.failed(e);
                    waitMs = failed(e);
                } catch (Throwable e) {
                    // Errors too: a loop that dies silently strands what it holds and, for the heartbeat, gets
                    // this live server reaped.
                    LOG.log(Level.SEVERE, "sideline: " + name + " failed with " + e + "; the loop goes on", e);
                    waitMs = failed(e);
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

    private long failed(Throwable e) {
        try {
            errors.accept(e);
            recover(e);
        } catch (Throwable alsoFailed) {
            LOG.log(Level.SEVERE, "sideline: " + name + " could not recover from " + e, alsoFailed);
        }
        return pauseAfterFailureMs();
    }

    /** Puts right what a failed tick left half done (a fetcher hands back the job it held); nothing by default. */
    protected void recover(Throwable failure) {
    }

    /** How long to wait after a failed tick before the next one. */
    protected long pauseAfterFailureMs() {
        return PAUSE_AFTER_FAILURE_MS;
    }

    /** Where errors thrown by ticks are reported (to notice a JVM that cannot go on). */
    void reportErrorsTo(Consumer<Throwable> errors) {
        this.errors = errors;
    }

    /** Ends the loop after its current tick (a replaced fetcher). */
    void retire() {
        retired = true;
    }

    boolean retired() {
        return retired;
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
