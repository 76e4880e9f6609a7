package io.sideline.ee.redis;

import io.sideline.ee.codec.PayloadCodec;
import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.runtime.JobQueue;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.args.ListDirection;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Reliable fetch with BLMOVE from {@code queue:<name>} into the worker's in-progress list, and the
 * failure and hand-back scripts. Jobs are LPUSHed and fetched from the right: first in, first out.
 * <p>
 * Payloads are identified in the in-progress list by their exact bytes. A payload that is not valid UTF-8 (written
 * by another client) has no Java String that turns back into those bytes, so it is handled as bytes: buried with
 * its reason as soon as it is fetched, and, when one reaches the worker as text some other way (a completion's
 * prefetch, the orphan sweep), failed or handed back by the bytes of the in-progress entry that reads as that text.
 */
public final class RedisJobQueue implements JobQueue {

    private static final Logger LOG = Logger.getLogger(RedisJobQueue.class.getName());
    /** What a lossy UTF-8 decoding puts where bytes were invalid: only such a text may stand for other bytes. */
    private static final char REPLACEMENT = '\uFFFD';

    private final UnifiedJedis redis;
    private final RedisScripts scripts;
    private final RedisKeys keys;
    private final SidelineConfig config;
    private final PayloadCodec deadEntries = new PayloadCodec();
    private final ParkSweep sweep;

    public RedisJobQueue(UnifiedJedis redis, RedisScripts scripts, RedisKeys keys, SidelineConfig config) {
        this.redis = redis;
        this.scripts = scripts;
        this.keys = keys;
        this.config = config;
        this.sweep = new ParkSweep(redis, scripts, keys);
    }

    @Override
    public Optional<String> fetch(String queue, String workerId, Duration timeout) {
        byte[] payload = JedisErrors.call("fetch from " + queue, () -> redis.blmove(bytes(keys.queue(queue)),
                bytes(keys.inProgress(workerId)), ListDirection.RIGHT, ListDirection.LEFT, timeout.toMillis() / 1000.0));
        if (payload == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload)).toString());
        } catch (CharacterCodingException e) {
            bury(workerId, payload, queue);
            return Optional.empty();
        }
    }

    /** Moves a payload that is not valid UTF-8 to the dead set, by its exact bytes, with the reason. */
    private void bury(String workerId, byte[] payload, String queue) {
        String reason = "the payload is not valid UTF-8 (" + payload.length + " bytes from queue " + queue + ")";
        LOG.warning(() -> "sideline: unreadable payload moved to the dead set: " + reason);
        String entry = deadEntries.deadEntryForBytes(payload, reason, System.currentTimeMillis());
        scripts.buryBytes(workerId, payload, entry, new ScriptArgs.DeadLimits(config.retry().deadMaxJobs(), config.retry().deadTtl()),
                config.limits().leaseSeconds());
    }

    /**
     * The exact bytes of the entry of the worker's in-progress list that reads as {@code raw}, when {@code raw} is
     * a lossy reading (it holds a replacement character) and such an entry exists. Only on that rare path: a
     * payload that is valid UTF-8 is always found by its text.
     */
    private Optional<byte[]> exactBytes(String workerId, String raw) {
        if (raw.indexOf(REPLACEMENT) < 0) {
            return Optional.empty();
        }
        List<byte[]> entries = JedisErrors.call("list the in-progress jobs of " + workerId,
                () -> redis.lrange(bytes(keys.inProgress(workerId)), 0, -1));
        return entries.stream().filter(entry -> new String(entry, StandardCharsets.UTF_8).equals(raw)
                && !Arrays.equals(entry, bytes(raw))).findFirst();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void received(String queue, String workerId, String raw) {
        // complete.lua moved it already
    }

    @Override
    public List<String> inProgress(String workerId) {
        return JedisErrors.call("list the in-progress jobs of " + workerId,
                () -> redis.lrange(keys.inProgress(workerId), 0, -1));
    }

    @Override
    public FailOutcome fail(String workerId, String raw, String stored, boolean retry, long retryDelayMs,
                            String runId) {
        boolean control = config.barrierType() == SidelineConfig.BarrierType.ATOMIC;
        FailOutcome outcome = scripts.fail(new ScriptArgs.Failure(workerId, raw, stored,
                        retry ? ScriptArgs.FailMode.RETRY : ScriptArgs.FailMode.DEAD, retryDelayMs, runId),
                new ScriptArgs.DeadLimits(config.retry().deadMaxJobs(), config.retry().deadTtl()), config.limits().leaseSeconds(), control);
        if (outcome == FailOutcome.DEAD && control && runId != null && !runId.isEmpty()) {
            // a death that failed its run fast parked the jobs nearest to starting; the rest go in bounded steps
            // (a death of a live run, e.g. under the continue policy, costs one call that finds it not halted)
            sweep.sweep(runId, config.limits().leaseSeconds());
        }
        if (outcome == FailOutcome.FENCED) {
            // A text that stands for bytes it cannot spell: bury those bytes (a retry would only meet them again).
            Optional<byte[]> exact = exactBytes(workerId, raw);
            if (exact.isPresent()) {
                outcome = scripts.buryBytes(workerId, exact.get(), stored,
                        new ScriptArgs.DeadLimits(config.retry().deadMaxJobs(), config.retry().deadTtl()), config.limits().leaseSeconds());
            }
        }
        return outcome;
    }

    @Override
    public boolean requeue(String workerId, String raw, String queue) {
        if (scripts.requeue(workerId, raw, queue)) {
            return true;
        }
        Optional<byte[]> exact = exactBytes(workerId, raw);
        return exact.isPresent() && scripts.requeueBytes(workerId, exact.get(), queue);
    }
}
