package io.sideline.ee.redis;

import io.sideline.ee.RunState;
import io.sideline.ee.RunStatus;
import io.sideline.ee.SidelineAdmin.Page;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.resps.Tuple;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Lists runs newest first from the run indexes the scripts write ({@code P runs:<state>}; all runs: those merged, see
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
    /** Between the states' cursors of a page of all runs (URL-safe, and not the cluster's ',' between shards). */
    private static final String SEPARATOR = "~";
    /** The cursor of a state whose index a page of all runs read to its end. */
    private static final String END = "end";

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
        if (state == null) {
            return allRuns(limit, cursorText);
        }
        ScoredPager.checkLimit(limit);
        String index = keys.runsIndex(state.name());
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

    /**
     * Every run, newest first: the by-state indexes merged by start time (there is no index of all runs since
     * 2026-12-05: a launch wrote one more ZADD for it). A page takes the newest {@code limit} of every state's next
     * entries; its cursor is one {@link ScoredPager} cursor per state ({@link #SEPARATOR}-joined, {@code end} for a
     * state read to its end). An entry in another state's index than its run's (the reaper's finish) is listed once,
     * where it is, and left there; an expired one is trimmed as in a state's list.
     */
    private Page<RunStatus> allRuns(int limit, String cursorText) {
        ScoredPager.checkLimit(limit);
        RunState[] states = RunState.values();
        ScoredPager.Cursor[] cursors = parseAll(cursorText, states.length);
        List<RunStatus> runs = new ArrayList<>(limit);
        long[] now = {-1};
        LongSupplier clock = () -> now[0] >= 0 ? now[0] : (now[0] = RedisRunStore.redisTimeMs(redis));
        for (int batch = 0; batch < SCANNED_PAGES && runs.size() < limit; batch++) {
            int wanted = limit - runs.size();
            List<List<Tuple>> read = new ArrayList<>(states.length);
            List<int[]> merged = new ArrayList<>(); // {state, position in its read}
            for (int s = 0; s < states.length; s++) {
                List<Tuple> page = cursors[s] == null ? List.of()
                        : new ScoredPager(redis, keys.runsIndex(states[s].name()), true).read(cursors[s], wanted);
                read.add(page);
                for (int i = 0; i < page.size(); i++) {
                    merged.add(new int[] {s, i});
                }
            }
            // newest first; a tie keeps the state order and each state's own order, as its cursor counts it
            merged.sort(Comparator.comparingDouble((int[] e) -> -read.get(e[0]).get(e[1]).getScore())
                    .thenComparingInt(e -> e[0]).thenComparingInt(e -> e[1]));
            List<int[]> taken = merged.subList(0, Math.min(wanted, merged.size()));
            List<Tuple> entries = new ArrayList<>(taken.size());
            taken.forEach(e -> entries.add(read.get(e[0]).get(e[1])));
            List<Map<String, String>> hashes = hashes(entries);
            List<List<Tuple>> kept = new ArrayList<>(states.length);
            int[] used = new int[states.length];
            for (int s = 0; s < states.length; s++) {
                kept.add(new ArrayList<>());
            }
            for (int i = 0; i < taken.size(); i++) {
                int s = taken.get(i)[0];
                used[s]++;
                Map<String, String> run = hashes.get(i);
                if (run.isEmpty() || run.get("state") == null) {
                    forget(entries.get(i).getElement());
                    continue;
                }
                kept.get(s).add(entries.get(i));
                runs.add(store.status(entries.get(i).getElement(), run, clock));
            }
            boolean more = false;
            for (int s = 0; s < states.length; s++) {
                if (cursors[s] != null) {
                    boolean ended = read.get(s).size() < wanted && used[s] == read.get(s).size();
                    cursors[s] = ended ? null : ScoredPager.after(cursors[s], kept.get(s));
                    more |= !ended;
                }
            }
            if (!more) {
                return new Page<>(runs, null); // every state's index read to its end
            }
        }
        return new Page<>(runs, allText(cursors));
    }

    /** The cursor of a page of all runs: each state's cursor ('' for its first page, {@code end} past its end). */
    private static String allText(ScoredPager.Cursor[] cursors) {
        StringBuilder text = new StringBuilder();
        for (int s = 0; s < cursors.length; s++) {
            String one = cursors[s] == null ? END : cursors[s].score().startsWith("+") ? "" : cursors[s].text();
            text.append(s == 0 ? "" : SEPARATOR).append(one);
        }
        return text.toString();
    }

    /** The cursors a caller sent back, one per state (null: read to its end); none: every state's first page. */
    private static ScoredPager.Cursor[] parseAll(String text, int states) {
        ScoredPager.Cursor[] cursors = new ScoredPager.Cursor[states];
        if (text == null || text.isEmpty()) {
            for (int s = 0; s < states; s++) {
                cursors[s] = ScoredPager.Cursor.first(true);
            }
            return cursors;
        }
        String[] parts = text.split(SEPARATOR, -1);
        if (parts.length != states) {
            throw new IllegalArgumentException("not a cursor of this list: " + text);
        }
        for (int s = 0; s < states; s++) {
            cursors[s] = END.equals(parts[s]) ? null : ScoredPager.Cursor.parse(parts[s], true); // '': its first
        }
        return cursors;
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
