package io.sideline.ee.redis;

import io.sideline.ee.codec.JobPayload;
import io.sideline.ee.codec.PayloadCodec;
import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.runtime.JobQueue;
import java.util.ArrayList;
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
    /** Where jobs live: on one Redis, {@link #scripts} and {@link #keys} for every job. */
    private final Shards shards;
    /** On a cluster, the shard each queue's next fetch round starts at (see {@link ShardRotation}). */
    private final ShardRotation rotation;

    public RedisJobQueue(UnifiedJedis redis, RedisScripts scripts, RedisKeys keys, SidelineConfig config) {
        this(redis, Shards.single(scripts), config);
    }

    /** Jobs over {@code shards}: on a cluster each fetch walks the shards of its queue (see {@link ShardRotation}). */
    RedisJobQueue(UnifiedJedis redis, Shards shards, SidelineConfig config) {
        this.redis = redis;
        this.shards = shards;
        this.scripts = shards.scripts(0);
        this.keys = shards.keys(0);
        this.config = config;
        this.sweep = new ParkSweep(redis, scripts, keys);
        this.rotation = new ShardRotation(redis, shards);
    }

    @Override
    public Optional<String> fetch(String queue, String workerId, Duration timeout) {
        if (shards.sharded()) {
            ShardRotation.Fetched fetched = rotation.fetch(queue, workerId, timeout);
            return fetched == null ? Optional.empty() : decoded(fetched.payload(), workerId, queue, fetched.shard());
        }
        byte[] payload = JedisErrors.call("fetch from " + queue, () -> redis.blmove(bytes(keys.queue(queue)),
                bytes(keys.inProgress(workerId)), ListDirection.RIGHT, ListDirection.LEFT, timeout.toMillis() / 1000.0));
        return decoded(payload, workerId, queue, 0);
    }

    /** A fetched payload as text; one that is not valid UTF-8 is buried (in its shard) and nothing is returned. */
    private Optional<String> decoded(byte[] payload, String workerId, String queue, int shard) {
        if (payload == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload)).toString());
        } catch (CharacterCodingException e) {
            bury(shards.scripts(shard), workerId, payload, queue);
            return Optional.empty();
        }
    }

    /** Moves a payload that is not valid UTF-8 to the dead set, by its exact bytes, with the reason. */
    private void bury(RedisScripts scripts, String workerId, byte[] payload, String queue) {
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
    private Optional<byte[]> exactBytes(RedisKeys keys, String workerId, String raw) {
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
        if (shards.sharded()) {
            List<String> all = new ArrayList<>();
            for (int s = 0; s < shards.count(); s++) {
                RedisKeys shard = shards.keys(s);
                all.addAll(JedisErrors.call("list the in-progress jobs of " + workerId,
                        () -> redis.lrange(shard.inProgress(workerId), 0, -1)));
            }
            return all;
        }
        return JedisErrors.call("list the in-progress jobs of " + workerId,
                () -> redis.lrange(keys.inProgress(workerId), 0, -1));
    }

    /** The shard of a job in progress, from its payload (its run's, else its jid's); one Redis: the only one. */
    private int shardOf(String raw, String runId) {
        if (!shards.sharded()) {
            return 0;
        }
        if (runId != null && !runId.isEmpty()) {
            return shards.shardOfRun(runId);
        }
        JobPayload job = deadEntries.decode(raw);
        return shards.shardOfJob(job.runId(), job.jid());
    }

    @Override
    public FailOutcome fail(String workerId, String raw, String stored, boolean retry, long retryDelayMs,
                            String runId) {
        int shard = shardOf(raw, runId);
        RedisScripts scripts = shards.scripts(shard);
        boolean control = config.barrierType() == SidelineConfig.BarrierType.ATOMIC;
        FailOutcome outcome = scripts.fail(new ScriptArgs.Failure(workerId, raw, stored,
                        retry ? ScriptArgs.FailMode.RETRY : ScriptArgs.FailMode.DEAD, retryDelayMs, runId),
                new ScriptArgs.DeadLimits(config.retry().deadMaxJobs(), config.retry().deadTtl()), config.limits().leaseSeconds(), control);
        if (outcome == FailOutcome.DEAD && control && runId != null && !runId.isEmpty()) {
            // a death that failed its run fast parked the jobs nearest to starting; the rest go in bounded steps
            // (a death of a live run, e.g. under the continue policy, costs one call that finds it not halted)
            (shards.sharded() ? new ParkSweep(redis, scripts, shards.keys(shard)) : sweep)
                    .sweep(runId, config.limits().leaseSeconds());
        }
        if (outcome == FailOutcome.FENCED) {
            // A text that stands for bytes it cannot spell: bury those bytes (a retry would only meet them again).
            Optional<byte[]> exact = exactBytes(shards.keys(shard), workerId, raw);
            if (exact.isPresent()) {
                outcome = scripts.buryBytes(workerId, exact.get(), stored,
                        new ScriptArgs.DeadLimits(config.retry().deadMaxJobs(), config.retry().deadTtl()), config.limits().leaseSeconds());
            }
        }
        return outcome;
    }

    @Override
    public boolean requeue(String workerId, String raw, String queue) {
        int shard = shardOf(raw, null);
        RedisScripts scripts = shards.scripts(shard);
        if (scripts.requeue(workerId, raw, queue)) {
            return true;
        }
        Optional<byte[]> exact = exactBytes(shards.keys(shard), workerId, raw);
        return exact.isPresent() && scripts.requeueBytes(workerId, exact.get(), queue);
    }
}
