package io.sideline.ee.redis;

import io.sideline.ee.SidelineAdmin.JobStats;
import io.sideline.ee.SidelineAdmin.MinuteCount;
import io.sideline.ee.runtime.JobCounters;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Job counts in Redis: the totals ({@code P stats}: processed, failed) and, per hour, a hash of per-minute counts
 * ({@code P stats:<hour start ms>}: {@code <minute ms>:p}, {@code <minute ms>:f}) that expires after
 * {@link JobStats#HISTORY_HOURS} hours. Written by each server's heartbeat from its {@link JobCounters} (one
 * script ({@code count_jobs.lua}) per beat with jobs to report, never one write per job); read by the admin API.
 */
final class RedisStats {

    private static final long MINUTE_MS = 60_000;
    private static final long HOUR_MS = 3_600_000;
    /** An hour's hash lives until the last of its minutes has left the history. */
    private static final long HOUR_TTL_SECONDS = (JobStats.HISTORY_HOURS + 1) * 3_600L;

    private final UnifiedJedis redis;
    private final RedisKeys keys;

    RedisStats(UnifiedJedis redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** Adds counts by minute start (ms), all or nothing ({@code count_jobs.lua}). */
    static void add(RedisScripts scripts, Map<Long, JobCounters.Counts> perMinute) {
        Map<Long, long[]> counts = new TreeMap<>();
        perMinute.forEach((minute, c) -> counts.put(minute, new long[] {c.processed(), c.failed()}));
        scripts.countJobs(counts, minute -> minute - minute % HOUR_MS, HOUR_TTL_SECONDS);
    }

    /** The totals and the minutes of the last {@link JobStats#HISTORY_HOURS} hours (by Redis' clock) with any job. */
    JobStats read() {
        long now = RedisRunStore.redisTimeMs(redis);
        long from = now - JobStats.HISTORY_HOURS * HOUR_MS;
        return JedisErrors.call("read job counts", () -> {
            try (AbstractPipeline pipeline = redis.pipelined()) {
                Response<List<String>> totals = pipeline.hmget(keys.stats(), "processed", "failed");
                List<Response<Map<String, String>>> hours = new ArrayList<>();
                for (long hour = from - from % HOUR_MS; hour <= now; hour += HOUR_MS) {
                    hours.add(pipeline.hgetAll(keys.statsHour(hour)));
                }
                pipeline.sync();
                TreeMap<Long, long[]> minutes = new TreeMap<>();
                for (Response<Map<String, String>> hour : hours) {
                    hour.get().forEach((field, value) -> {
                        int colon = field.indexOf(':');
                        long minute = Long.parseLong(field.substring(0, colon));
                        if (minute >= from - from % MINUTE_MS) {
                            minutes.computeIfAbsent(minute, m -> new long[2])[field.endsWith(":p") ? 0 : 1] += Long.parseLong(value);
                        }
                    });
                }
                List<MinuteCount> history = new ArrayList<>(minutes.size());
                minutes.forEach((minute, c) -> history.add(new MinuteCount(Instant.ofEpochMilli(minute), c[0], c[1])));
                return new JobStats(number(totals.get().get(0)), number(totals.get().get(1)), history);
            }
        });
    }

    private static long number(String value) {
        return value == null ? 0 : Long.parseLong(value);
    }
}
