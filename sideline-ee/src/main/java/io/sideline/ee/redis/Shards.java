package io.sideline.ee.redis;

import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.runtime.Ids;
import redis.clients.jedis.UnifiedJedis;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Where a run's keys live. On one Redis (or Sentinel) there is one shard and its keys are exactly the untagged ones
 * of docs/keyspace.md: nothing about a run id or a key changes. On a Redis Cluster there are
 * {@code sideline.redis.shards} shards; shard {@code s} is the hash tag {@code {s}}, so every key of it is in one
 * slot and every script called with one shard's keys runs on one node (docs/scaling-out.md).
 *
 * <p>A run lives in one shard, named by its id ({@code s<shard>-<uuid>}), so its shard is read from the id, never
 * looked up; a run with an idempotency key takes the shard of its key, so that the key's record and the launch share
 * a slot and a repeated start meets the record. A run keeps its shard when {@code sideline.redis.shards} changes.
 *
 * <p>New runs and plain jobs go to the <em>configured</em> shards only; every loop that walks shards (fetch, promoter,
 * reaper, sweeps, collector, run ends, run control, admin reads, gauges) walks the shards <em>in use</em>: the
 * configured ones and those of any count configured before under this prefix ({@link #inUse}), so lowering the setting
 * keeps serving, and draining, the runs of the dropped shards.
 */
public final class Shards {

    /** How a sharded run id begins: {@code s<shard>-}. */
    static final char MARK = 's';

    private final RedisKeys[] keys;
    private final RedisScripts[] scripts;
    private final boolean sharded;
    /** How many shards new runs and plain jobs are placed in ({@code sideline.redis.shards}); at most keys.length. */
    private final int placed;

    private Shards(RedisKeys[] keys, RedisScripts[] scripts, boolean sharded, int placed) {
        this.keys = keys;
        this.scripts = scripts;
        this.sharded = sharded;
        this.placed = placed;
    }

    /** One Redis: one shard, the untagged keys and the scripts given. */
    public static Shards single(RedisScripts scripts) {
        return new Shards(new RedisKeys[]{scripts.keys()}, new RedisScripts[]{scripts}, false, 1);
    }

    /** {@code count} tagged shards of {@code base} over {@code redis}, each with its own scripts. */
    public static Shards tagged(UnifiedJedis redis, RedisKeys base, int count) {
        return tagged(redis, base, count, count);
    }

    /**
     * {@code walked} tagged shards of {@code base}, new runs placed in the first {@code placed} of them: the shards in
     * use after {@code sideline.redis.shards} was lowered from {@code walked} to {@code placed}.
     */
    public static Shards tagged(UnifiedJedis redis, RedisKeys base, int placed, int walked) {
        if (placed < 1 || walked < placed) {
            throw new IllegalArgumentException("shards placed " + placed + " must be 1.." + walked + " (walked)");
        }
        int count = walked;
        RedisKeys[] keys = new RedisKeys[count];
        RedisScripts[] scripts = new RedisScripts[count];
        for (int s = 0; s < count; s++) {
            keys[s] = base.tagged(Integer.toString(s));
            scripts[s] = new RedisScripts(redis, keys[s]);
        }
        return new Shards(keys, scripts, true, placed);
    }

    /**
     * The shards the configuration asks for: tagged on a cluster URL, the configured ones placed and all those in use
     * walked ({@link #inUse}); else one (no command sent).
     */
    static Shards of(SidelineConfig config, UnifiedJedis redis, RedisScripts single) {
        if (!config.redis().cluster()) {
            return single(single);
        }
        int configured = config.redis().shards();
        return tagged(redis, single.keys(), configured, inUse(redis, single.keys().tagged("0"), configured));
    }

    /**
     * Records {@code configured} in the set of shard counts used under this prefix (shard 0's
     * {@link RedisKeys#shardsInUse}, plain commands, once at startup) and returns the highest count in it: the shards
     * this server walks. A run keeps the shard its id names, so after the setting is lowered from 16 to 4 the runs of
     * shards 4-15 are still fetched, reaped and collected here. A count stays in the set: an operator removes it
     * ({@code SREM}) once the dropped shards hold nothing needed (docs/scaling-out.md).
     *
     * @throws IllegalStateException when the set holds something that is no shard count (it is not ours to guess)
     */
    static int inUse(UnifiedJedis redis, RedisKeys shardZero, int configured) {
        String key = shardZero.shardsInUse();
        JedisErrors.call("record the shards in use", () -> redis.sadd(key, Integer.toString(configured)));
        int walked = configured;
        for (String member : JedisErrors.call("read the shards in use", () -> redis.smembers(key))) {
            int count;
            try {
                count = Integer.parseInt(member);
            } catch (NumberFormatException e) {
                count = -1;
            }
            if (count < 1 || count > SidelineConfig.MAX_SHARDS) {
                throw new IllegalStateException(key + " holds '" + member + "', not a shard count 1.."
                        + SidelineConfig.MAX_SHARDS + ": remove it (SREM) to start");
            }
            walked = Math.max(walked, count);
        }
        return walked;
    }

    /** Whether keys are tagged by shard (a cluster). */
    public boolean sharded() {
        return sharded;
    }

    /** How many shards are walked: those in use, configured or not (1 on one Redis). */
    public int count() {
        return keys.length;
    }

    /** How many shards new runs and plain jobs go to: {@code sideline.redis.shards} (1 on one Redis). */
    public int placed() {
        return placed;
    }

    /** Shard {@code shard}'s keys. */
    public RedisKeys keys(int shard) {
        return keys[shard];
    }

    /** Shard {@code shard}'s scripts (given only that shard's keys). */
    public RedisScripts scripts(int shard) {
        return scripts[shard];
    }

    /** The keys of run {@code runId}'s shard: on one Redis, the untagged keys whatever the id. */
    public RedisKeys keysOfRun(String runId) {
        return sharded ? keys[shardOfRun(runId)] : keys[0];
    }

    /** The scripts of run {@code runId}'s shard: on one Redis, the only scripts whatever the id. */
    public RedisScripts scriptsOfRun(String runId) {
        return sharded ? scripts[shardOfRun(runId)] : scripts[0];
    }

    /**
     * The scripts of a job's shard: its run's, or for a job of no run the shard its jid names (see {@link #newJid});
     * on one Redis, the only scripts.
     */
    public RedisScripts scriptsOfJob(String runId, String jid) {
        return sharded ? scripts[shardOfJob(runId, jid)] : scripts[0];
    }

    /** The keys of a job's shard (see {@link #scriptsOfJob}). */
    public RedisKeys keysOfJob(String runId, String jid) {
        return sharded ? keys[shardOfJob(runId, jid)] : keys[0];
    }

    /** A job's shard: its run's, else the one its jid names. */
    int shardOfJob(String runId, String jid) {
        if (runId != null && !runId.isEmpty()) {
            return shardOfRun(runId);
        }
        int shard = jid == null || jid.length() < JID_SHARD_DIGITS ? -1 : shardInJid(jid);
        if (shard < 0 || shard >= keys.length) {
            throw new IllegalArgumentException("job " + jid + " names no shard of the " + keys.length
                    + " in use (sideline.redis.shards and the counts before it)");
        }
        return shard;
    }

    /**
     * A new jid for a job of no run: Sidekiq's 24 hex characters, as ever on one Redis; on a cluster the first three
     * name the job's shard (the idempotency key's when there is one, else one at random), the other 21 are random.
     */
    public String newJid(String idempotencyKey) {
        String jid = Ids.jid();
        if (!sharded) {
            return jid;
        }
        int shard = idempotencyKey == null ? ThreadLocalRandom.current().nextInt(placed)
                : Math.floorMod(idempotencyKey.hashCode(), placed);
        String digits = Integer.toHexString(shard);
        return "0".repeat(JID_SHARD_DIGITS - digits.length()) + digits + jid.substring(JID_SHARD_DIGITS);
    }

    /** How many leading hex digits of a sharded plain job's jid name its shard (up to 4096 shards). */
    private static final int JID_SHARD_DIGITS = 3;

    private static int shardInJid(String jid) {
        int shard = 0;
        for (int i = 0; i < JID_SHARD_DIGITS; i++) {
            int digit = Character.digit(jid.charAt(i), 16);
            if (digit < 0) {
                return -1;
            }
            shard = shard * 16 + digit;
        }
        return shard;
    }

    /** Whether run id {@code runId} can be a run of these shards (on one Redis, any id; on a cluster, one naming a shard). */
    public boolean serves(String runId) {
        if (!sharded) {
            return true;
        }
        int shard = shardIn(runId);
        return shard >= 0 && shard < keys.length;
    }

    /** Applies {@code action} to every shard's scripts (a setting they all take). */
    void eachScripts(Consumer<RedisScripts> action) {
        for (RedisScripts s : scripts) {
            action.accept(s);
        }
    }

    /**
     * A new run id. On one Redis a UUID, as ever; on a cluster {@code s<shard>-<uuid>}, the shard taken from the
     * idempotency key when there is one (null for none), else at random.
     */
    public String newRunId(String idempotencyKey) {
        if (!sharded) {
            return Ids.runId();
        }
        int shard = idempotencyKey == null ? ThreadLocalRandom.current().nextInt(placed)
                : Math.floorMod(idempotencyKey.hashCode(), placed);
        return MARK + Integer.toString(shard) + "-" + Ids.runId();
    }

    /**
     * The shard a run id names. An id that names none, or a shard beyond those in use, is an error (a run started
     * with more shards than configured now is still served: its shard is in use).
     *
     * @throws IllegalArgumentException when the id names no shard of this configuration
     */
    int shardOfRun(String runId) {
        int shard = shardIn(runId);
        if (shard < 0 || shard >= keys.length) {
            throw new IllegalArgumentException("run " + runId + " names no shard of the " + keys.length
                    + " in use (sideline.redis.shards and the counts before it)");
        }
        return shard;
    }

    /** The shard a run id names ({@code s<shard>-...}), or -1 when it names none. */
    static int shardIn(String runId) {
        if (runId == null || runId.length() < 3 || runId.charAt(0) != MARK) {
            return -1;
        }
        int dash = runId.indexOf('-');
        if (dash < 2 || dash > 5) {
            return -1;
        }
        int shard = 0;
        for (int i = 1; i < dash; i++) {
            char c = runId.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            shard = shard * 10 + (c - '0');
        }
        return shard;
    }
}
