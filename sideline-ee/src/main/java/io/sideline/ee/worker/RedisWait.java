package io.sideline.ee.worker;

import io.sideline.ee.RedisUnavailableException;

import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A worker's "waiting for Redis" state: repeats its first contact (the posture check, then the first
 * heartbeat) with exponential backoff until Redis answers, then hands over to the loops. A server whose Redis
 * boots after it (a power cut, a rolling restart) thus deploys, answers, and starts working within seconds of
 * Redis coming up, without a redeploy. Only an unavailable Redis is waited for: any other failure of the first
 * contact (strict mode refusing the posture, a script error) is no outage and ends the wait for good.
 */
final class RedisWait implements Runnable {

    private static final Logger LOG = Logger.getLogger(RedisWait.class.getName());
    /** The first retry: a Redis that is only starting up usually answers within a second. */
    static final long FIRST_PAUSE_MS = 1_000;
    /**
     * The longest pause: bounds how late the worker starts after Redis comes up ("within seconds"), while a
     * fleet of waiting servers costs a booting Redis one refused connection per server every 5 s. A longer cap
     * (Sidekiq-style 30 s) would save nothing that matters and delay the recovery by up to half a minute.
     */
    static final long MAX_PAUSE_MS = 5_000;

    private final StopSignal stop;
    private final Runnable contact;
    private final Runnable onContact;
    private final Consumer<RuntimeException> onRefused;
    private final OutageLog outage;
    private volatile long lastAttemptMs = System.currentTimeMillis();
    private volatile long pauseMs = FIRST_PAUSE_MS;
    private volatile String lastError = "not tried yet";
    private volatile boolean finished;

    /**
     * @param contact   the first contact; throws {@link RedisUnavailableException} while Redis is unavailable
     * @param onContact what to do once it succeeded (start the loops)
     * @param onRefused what to do when it failed otherwise (the worker gives up: SEVERE, liveness DOWN)
     */
    RedisWait(StopSignal stop, Runnable contact, Runnable onContact, Consumer<RuntimeException> onRefused) {
        this.stop = stop;
        this.contact = contact;
        this.onContact = onContact;
        this.onRefused = onRefused;
        this.outage = new OutageLog("waiting for Redis", System::currentTimeMillis);
    }

    /** One attempt; true when Redis answered (and the loops were started), false when it is still unavailable. */
    boolean attempt() {
        lastAttemptMs = System.currentTimeMillis();
        try {
            contact.run();
        } catch (RedisUnavailableException e) {
            lastError = e.getMessage();
            outage.failed(e);
            return false;
        }
        outage.recovered();
        onContact.run();
        return true;
    }

    @Override
    public void run() {
        try {
            // the first attempt was made by Worker.start: pause before each of these
            while (!stop.await(pauseMs) && !Thread.currentThread().isInterrupted()) {
                if (attempt()) {
                    return;
                }
                pauseMs = Math.min(pauseMs * 2, MAX_PAUSE_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "sideline: the worker will not start: " + e.getMessage(), e);
            onRefused.accept(e);
        } finally {
            finished = true;
        }
    }

    /** Why the last attempt failed (Redis' or the connection's words, never a password). */
    String lastError() {
        return lastError;
    }

    /**
     * Whether the wait still turns: its thread has not ended and its last attempt is not older than the pause it
     * chose plus {@code toleranceMs} (an attempt itself is bounded by the Redis timeout).
     */
    boolean turning(long nowMs, long toleranceMs) {
        return !finished && nowMs - lastAttemptMs <= pauseMs + toleranceMs;
    }
}
