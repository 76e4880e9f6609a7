package io.sideline.ee.redis;

import redis.clients.jedis.UnifiedJedis;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * The writes that {@code sideline.redis.wait-replicas} acknowledges only once replicas have them: starts (launch,
 * launch_many, push) and completions. With a number above 0 the script call is followed by {@code WAIT} on the same
 * connection in the same round trip ({@link LuaScript#runAndWait}); with 0 (the default) the script is called as
 * ever, and nothing more is sent.
 * <p>
 * When fewer replicas than asked acknowledge within {@code sideline.redis.wait-timeout-ms}:
 * <ul>
 *   <li>a start is not acknowledged: {@link ReplicasBehindException}, which the start's guard turns into
 *       {@code StartNotReplicatedException} (outcome unknown; a retry with the idempotency key is safe);</li>
 *   <li>a completion stands and is reported (a WARNING at most every 10 s): the master has it and the job's
 *       continuations are enqueued, so failing it would run them twice. Were the master lost before a replica has
 *       it, the promoted replica still holds the job in this worker's in-progress list, and the orphan sweep hands it
 *       back to its queue: the job runs again, the at-least-once rule of every lost completion.</li>
 * </ul>
 */
final class ReplicatedWrites {

    private static final Logger LOG = Logger.getLogger(ReplicatedWrites.class.getName());
    /** A replica down makes every completion short: one line now and then says it, not one per step. */
    private static final long REPORT_EVERY_NANOS = Duration.ofSeconds(10).toNanos();

    private final AtomicLong lastReport = new AtomicLong(System.nanoTime() - REPORT_EVERY_NANOS - 1);
    private volatile int replicas;
    private volatile long timeoutMs;

    void waitFor(int replicas, Duration timeout) {
        this.replicas = replicas;
        this.timeoutMs = timeout.toMillis();
    }

    /** A start's script: its reply, or {@link ReplicasBehindException} when too few replicas have it. */
    Object start(UnifiedJedis redis, LuaScript script, List<String> keys, List<String> args) {
        int asked = replicas;
        if (asked == 0) {
            return script.run(redis, keys, args);
        }
        LuaScript.Acknowledged written = script.runAndWait(redis, keys, args, asked, timeoutMs);
        if (written.replicas() < asked) {
            throw new ReplicasBehindException(script.name(), written.replicas(), asked, timeoutMs);
        }
        return written.reply();
    }

    /** A completion's script: its reply, reported when too few replicas have it. */
    Object completion(UnifiedJedis redis, LuaScript script, List<String> keys, List<String> args) {
        int asked = replicas;
        if (asked == 0) {
            return script.run(redis, keys, args);
        }
        LuaScript.Acknowledged written = script.runAndWait(redis, keys, args, asked, timeoutMs);
        if (written.replicas() < asked) {
            report(new ReplicasBehindException(script.name(), written.replicas(), asked, timeoutMs));
        }
        return written.reply();
    }

    private void report(ReplicasBehindException e) {
        long now = System.nanoTime();
        long last = lastReport.get();
        if (now - last > REPORT_EVERY_NANOS && lastReport.compareAndSet(last, now)) {
            LOG.warning("sideline: a completion: " + e.getMessage() + "; it stands (reported at most every 10 s)");
        }
    }
}
