package io.sideline.ee.worker;

import io.sideline.ee.RedisUnavailableException;

import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * Repeats a bookkeeping step (complete, fail, bury) that failed because Redis was unreachable, with
 * growing pauses, for as long as the worker runs. Giving up would strand the job in the in-progress list
 * of a live worker, where no reaper looks. The steps are safe to repeat: each script checks that the job
 * is still in progress before it changes anything.
 */
public final class RedisRetry {

    private static final Logger LOG = Logger.getLogger(RedisRetry.class.getName());
    private static final long FIRST_PAUSE_MS = 50;
    private static final long MAX_PAUSE_MS = 5_000;

    private final BooleanSupplier running;
    private final Pause pause;

    public RedisRetry(BooleanSupplier running, Pause pause) {
        this.running = running;
        this.pause = pause;
    }

    /** Waits for a number of milliseconds unless the worker is stopping. */
    @FunctionalInterface
    public interface Pause {
        void await(long millis) throws InterruptedException;
    }

    public void run(String what, Runnable step) {
        long pauseMs = FIRST_PAUSE_MS;
        while (true) {
            try {
                step.run();
                return;
            } catch (RuntimeException e) {
                if (!isRedisFailure(e) || !running.getAsBoolean()) {
                    throw e;
                }
                long wait = pauseMs;
                LOG.warning(() -> "sideline: cannot " + what + " (" + e + "); trying again in " + wait + " ms");
                try {
                    pause.await(wait);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                pauseMs = Math.min(pauseMs * 2, MAX_PAUSE_MS);
            }
        }
    }

    private static boolean isRedisFailure(RuntimeException e) {
        return e instanceof RedisUnavailableException;
    }
}
