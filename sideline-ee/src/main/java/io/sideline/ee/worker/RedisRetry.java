package io.sideline.ee.worker;

import io.sideline.ee.RedisUnavailableException;

import java.util.function.BooleanSupplier;

/**
 * Repeats a bookkeeping step (complete, fail, bury) that failed because Redis was unreachable, with
 * growing pauses, for as long as the worker runs. Giving up would strand the job in the in-progress list
 * of a live worker, where no reaper looks. The steps are safe to repeat: each script checks that the job
 * is still in progress before it changes anything.
 */
public final class RedisRetry {

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
        OutageLog outage = new OutageLog("cannot " + what, System::currentTimeMillis);
        while (true) {
            try {
                step.run();
                outage.recovered();
                return;
            } catch (RuntimeException e) {
                if (!isRedisFailure(e) || !running.getAsBoolean()) {
                    throw e;
                }
                outage.failed(e); // not a line per attempt: one now, one a minute, one when it worked
                try {
                    pause.await(pauseMs);
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
