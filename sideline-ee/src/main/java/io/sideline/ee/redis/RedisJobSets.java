package io.sideline.ee.redis;

import io.sideline.ee.SidelineAdmin.JobEntry;
import io.sideline.ee.SidelineAdmin.JobSet;
import io.sideline.ee.SidelineAdmin.Page;
import io.sideline.ee.codec.JobEntries;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.resps.Tuple;

import java.util.List;

/**
 * Pages through the dead set (newest failure first), the retry set and the schedule (soonest due first): one ZRANGE
 * per page; the payloads are read leniently ({@link JobEntries}), so one entry another client wrote badly does not
 * hide the others.
 */
final class RedisJobSets {

    private final UnifiedJedis redis;
    private final RedisKeys keys;

    RedisJobSets(UnifiedJedis redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    Page<JobEntry> jobs(JobSet set, int limit, String cursorText) {
        ScoredPager.checkLimit(limit);
        boolean newestFirst = set == JobSet.DEAD;
        String key = switch (set) {
            case DEAD -> keys.dead();
            case RETRY -> keys.retry();
            case SCHEDULED -> keys.schedule();
        };
        ScoredPager.Cursor cursor = ScoredPager.Cursor.parse(cursorText, newestFirst);
        List<Tuple> read = new ScoredPager(redis, key, newestFirst).read(cursor, limit);
        List<JobEntry> jobs = read.stream().map(t -> JobEntries.read(t.getElement(), (long) t.getScore())).toList();
        return new Page<>(jobs, read.size() < limit ? null : ScoredPager.after(cursor, read).text());
    }
}
