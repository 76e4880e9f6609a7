package io.sideline.ee.worker;

import io.sideline.ee.RedisUnavailableException;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

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
        get(what, null, () -> {
            step.run();
            return null;
        });
    }

    /**
     * Runs {@code step} until it works, as {@link #run}, and returns its result. The step's description is
     * {@code what} followed by {@code subject} (when not null), put together only when an attempt fails: the first
     * attempt, which nearly always works, costs no text and no outage record (a completion runs through here per step).
     */
    public <T> T get(String what, String subject, Supplier<T> step) {
        try {
            return step.get();
        } catch (RuntimeException e) {
            if (!isRedisFailure(e) || !running.getAsBoolean()) {
                throw e;
            }
            return retried(subject == null ? what : what + " " + subject, step, e);
        }
    }

    private <T> T retried(String what, Supplier<T> step, RuntimeException first) {
        long pauseMs = FIRST_PAUSE_MS;
        OutageLog outage = new OutageLog("cannot " + what, System::currentTimeMillis);
        RuntimeException e = first;
        while (true) {
            outage.failed(e); // not a line per attempt: one now, one a minute, one when it worked
            try {
                pause.await(pauseMs);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw e;
            }
            pauseMs = Math.min(pauseMs * 2, MAX_PAUSE_MS);
            try {
                T result = step.get();
                outage.recovered();
                return result;
            } catch (RuntimeException again) {
                if (!isRedisFailure(again) || !running.getAsBoolean()) {
                    throw again;
                }
                e = again;
            }
        }
    }

    private static boolean isRedisFailure(RuntimeException e) {
        return e instanceof RedisUnavailableException;
    }
}
