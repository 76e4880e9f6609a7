package io.sideline.ee.redis;

import io.sideline.ee.RunState;
import io.sideline.ee.RunStatus;
import io.sideline.ee.SidelineAdmin.Page;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.resps.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Lists runs newest first from the run indexes the scripts write ({@code P runs}, {@code P runs:<state>}, see
 * {@code index_run_start} in _common.lua): a page is one ZRANGE and one pipelined HGETALL per run, whatever the
 * keyspace holds.
 *
 * <p>Retention is a lazy trim on read: an index entry whose run status has expired (its retention is the run's
 * TTL, {@code sideline.run.ttl} after its last step) is removed by the reader that meets it, and an entry whose run
 * is in another state than its index says (a run another script finished without moving it, e.g. the reaper's) is
 * moved to its state's index. A page that meets only such entries reads on, up to {@link #SCANNED_PAGES} batches,
 * so that a long expired stretch does not return empty pages forever.
 */
final class RedisRunIndex {

    /** Batches one request may read past expired entries before returning a short page (with its cursor). */
    static final int SCANNED_PAGES = 10;

    private final UnifiedJedis redis;
    private final RedisKeys keys;
    private final RedisRunStore store;

    /** @param store reads a run's status from its hash */
    RedisRunIndex(UnifiedJedis redis, RedisKeys keys, RedisRunStore store) {
        this.redis = redis;
        this.keys = keys;
        this.store = store;
    }

    Page<RunStatus> runs(RunState state, int limit, String cursorText) {
        ScoredPager.checkLimit(limit);
        String index = state == null ? keys.runsIndex() : keys.runsIndex(state.name());
        ScoredPager pager = new ScoredPager(redis, index, true);
        ScoredPager.Cursor cursor = ScoredPager.Cursor.parse(cursorText, true);
        List<RunStatus> runs = new ArrayList<>(limit);
        long[] now = {-1}; // Redis' clock, read once per page and only for a RUNNING run (is it stalled?)
        LongSupplier clock = () -> now[0] >= 0 ? now[0] : (now[0] = RedisRunStore.redisTimeMs(redis));
        for (int batch = 0; batch < SCANNED_PAGES && runs.size() < limit; batch++) {
            int wanted = limit - runs.size();
            List<Tuple> read = pager.read(cursor, wanted);
            List<Tuple> kept = new ArrayList<>(read.size());
            List<Map<String, String>> hashes = hashes(read);
            for (int i = 0; i < read.size(); i++) {
                String runId = read.get(i).getElement();
                Map<String, String> run = hashes.get(i);
                if (run.isEmpty() || run.get("state") == null) {
                    forget(runId);
                    continue;
                }
                RunStatus status = store.status(runId, run, clock);
                if (state != null && status.state() != state) {
                    move(runId, state, status.state(), read.get(i).getScore());
                    continue;
                }
                kept.add(read.get(i));
                runs.add(status);
            }
            cursor = ScoredPager.after(cursor, kept);
            if (read.size() < wanted) {
                return new Page<>(runs, null); // the end of the index
            }
        }
        return new Page<>(runs, cursor.text());
    }

    private List<Map<String, String>> hashes(List<Tuple> entries) {
        if (entries.isEmpty()) {
            return List.of();
        }
        return JedisErrors.call("read " + entries.size() + " runs", () -> {
            try (AbstractPipeline pipeline = redis.pipelined()) {
                List<Response<Map<String, String>>> replies = new ArrayList<>(entries.size());
                for (Tuple t : entries) {
                    replies.add(pipeline.hgetAll(keys.run(t.getElement())));
                }
                pipeline.sync();
                return replies.stream().map(Response::get).toList();
            }
        });
    }

    /** The lazy trim: a run whose status expired leaves every index. */
    private void forget(String runId) {
        JedisErrors.call("trim the run indexes", () -> {
            redis.zrem(keys.runsIndex(), runId);
            for (RunState s : RunState.values()) {
                redis.zrem(keys.runsIndex(s.name()), runId);
            }
            return null;
        });
    }

    /** A run found in the index of a state it is no longer in goes to the index of the state it is in. */
    private void move(String runId, RunState from, RunState to, double startedAt) {
        JedisErrors.call("move a run between indexes", () -> {
            redis.zadd(keys.runsIndex(to.name()), startedAt, runId);
            return redis.zrem(keys.runsIndex(from.name()), runId);
        });
    }
}
