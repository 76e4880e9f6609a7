package io.sideline.ee.redis;

import io.sideline.ee.RunState;
import io.sideline.ee.RunStatus;
import io.sideline.ee.SidelineAdmin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link SidelineAdmin} on a cluster: the answers of every shard's {@link RedisAdmin} put together. A queue's size is
 * the sum of its shards' lists (its latency the oldest job's in any shard); the runs index and the job sets are merged
 * by time, a page taking the first {@code limit} of every shard's next page, its cursor one cursor per shard. Workers,
 * paused queues and job counts live in shard 0; a run's graph in its shard.
 */
final class ShardedAdmin implements SidelineAdmin {

    /** A shard's cursor once its list is exhausted. */
    private static final String END = "end";

    private final Shards shards;
    private final RedisAdmin[] perShard;

    ShardedAdmin(Shards shards, RedisAdmin[] perShard) {
        this.shards = shards;
        this.perShard = perShard;
    }

    @Override
    public Optional<String> graph(String runId) {
        return shards.serves(runId) ? perShard[shards.shardOfRun(runId)].graph(runId) : Optional.empty();
    }

    @Override
    public Page<RunStatus> runs(RunState state, int limit, String cursor) {
        return merged(limit, cursor, (s, at, n) -> perShard[s].runs(state, n, at),
                Comparator.comparing(RunStatus::startedAt, Comparator.nullsLast(Comparator.reverseOrder())));
    }

    @Override
    public List<QueueInfo> queues() {
        List<List<QueueInfo>> each = new ArrayList<>(perShard.length);
        for (RedisAdmin shard : perShard) {
            each.add(shard.queues());
        }
        return mergeQueues(each);
    }

    /**
     * Every shard's queues as one list by name: sizes added up, the oldest job's latency, paused as shard 0 (which
     * holds the paused set) says.
     */
    static List<QueueInfo> mergeQueues(List<List<QueueInfo>> perShard) {
        Map<String, QueueInfo> byName = new LinkedHashMap<>();
        perShard.get(0).forEach(q -> byName.put(q.name(), q));
        for (int s = 1; s < perShard.size(); s++) {
            for (QueueInfo q : perShard.get(s)) {
                byName.merge(q.name(), new QueueInfo(q.name(), q.size(), q.latencyMs(), false),
                        (a, b) -> new QueueInfo(a.name(), a.size() + b.size(), Math.max(a.latencyMs(), b.latencyMs()),
                                a.paused()));
            }
        }
        return byName.values().stream().sorted(Comparator.comparing(QueueInfo::name)).toList();
    }

    @Override
    public void pause(String queue) {
        perShard[0].pause(queue);
    }

    @Override
    public void resume(String queue) {
        perShard[0].resume(queue);
    }

    @Override
    public List<WorkerInfo> workers() {
        return perShard[0].workers();
    }

    @Override
    public JobStats stats() {
        return perShard[0].stats();
    }

    @Override
    public Page<JobEntry> jobs(JobSet set, int limit, String cursor) {
        Comparator<Instant> byTime = set == JobSet.DEAD ? Comparator.<Instant>reverseOrder()
                : Comparator.<Instant>naturalOrder();
        Comparator<Instant> time = Comparator.nullsLast(byTime);
        return merged(limit, cursor, (s, at, n) -> perShard[s].jobs(set, n, at), Comparator.comparing(JobEntry::at, time));
    }

    /** One shard's page from its cursor (null: its first page). */
    private interface ShardPage<T> {
        Page<T> read(int shard, String cursor, int limit);
    }

    /**
     * The first {@code limit} items, in {@code order}, of every shard's next page. Each shard's cursor then moves past
     * the items taken from it (a shard whose page was taken in part is asked once more for just that many, to learn
     * its cursor after them).
     */
    private <T> Page<T> merged(int limit, String cursorText, ShardPage<T> page, Comparator<T> order) {
        ScoredPager.checkLimit(limit);
        String[] cursors = parse(cursorText);
        List<List<T>> pages = new ArrayList<>(perShard.length);
        List<String> nexts = new ArrayList<>(perShard.length);
        List<Object[]> all = new ArrayList<>();
        for (int s = 0; s < perShard.length; s++) {
            if (END.equals(cursors[s])) {
                pages.add(List.of());
                nexts.add(END);
                continue;
            }
            Page<T> p = page.read(s, cursors[s], limit);
            pages.add(p.items());
            nexts.add(p.next() == null ? END : p.next());
            for (T item : p.items()) {
                all.add(new Object[] {s, item});
            }
        }
        @SuppressWarnings("unchecked")
        Comparator<Object[]> byItem = (a, b) -> order.compare((T) a[1], (T) b[1]);
        all.sort(byItem);
        List<T> items = new ArrayList<>(limit);
        int[] taken = new int[perShard.length];
        for (Object[] entry : all.subList(0, Math.min(limit, all.size()))) {
            @SuppressWarnings("unchecked")
            T item = (T) entry[1];
            items.add(item);
            taken[(Integer) entry[0]]++;
        }
        boolean more = false;
        String[] next = new String[perShard.length];
        for (int s = 0; s < perShard.length; s++) {
            if (taken[s] == 0) { // nothing of it on this page: it starts there again (or stays at its end)
                next[s] = END.equals(nexts.get(s)) && pages.get(s).isEmpty() ? END : orFirst(cursors[s]);
            } else if (taken[s] == pages.get(s).size()) {
                next[s] = nexts.get(s);
            } else {
                String after = page.read(s, cursors[s], taken[s]).next();
                next[s] = after == null ? END : after;
            }
            more |= !END.equals(next[s]);
        }
        return new Page<>(items, more ? String.join(",", next) : null);
    }

    /** A cursor as sent back: "" for a shard's first page. */
    private static String orFirst(String cursor) {
        return cursor == null ? "" : cursor;
    }

    /** One cursor per shard (null: its first page), from a merged cursor; null or empty: every shard's first page. */
    private String[] parse(String text) {
        String[] cursors = new String[perShard.length];
        if (text == null || text.isEmpty()) {
            return cursors;
        }
        String[] parts = text.split(",", -1);
        if (parts.length != perShard.length) {
            throw new IllegalArgumentException("not a cursor of this list: " + text);
        }
        for (int s = 0; s < parts.length; s++) {
            cursors[s] = parts[s].isEmpty() ? null : parts[s];
        }
        return cursors;
    }
}
