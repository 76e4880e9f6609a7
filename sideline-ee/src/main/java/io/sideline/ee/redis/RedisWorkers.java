package io.sideline.ee.redis;

import io.sideline.ee.SidelineAdmin.WorkerInfo;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The live workers, from their heartbeats ({@code P process:<id>}, written every
 * {@code sideline.heartbeat.interval-ms}) and their in-progress lists (busy = LLEN): one SMEMBERS, then two
 * pipelined commands per worker. A worker whose heartbeat expired is not listed (the reaper takes its jobs).
 */
final class RedisWorkers {

    private final UnifiedJedis redis;
    private final RedisKeys keys;

    RedisWorkers(UnifiedJedis redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    List<WorkerInfo> workers() {
        Set<String> ids = new TreeSet<>(JedisErrors.call("list workers", () -> redis.smembers(keys.processes())));
        return JedisErrors.call("read " + ids.size() + " workers", () -> {
            try (AbstractPipeline pipeline = redis.pipelined()) {
                List<Response<String>> beats = new ArrayList<>();
                List<Response<Long>> busy = new ArrayList<>();
                for (String id : ids) {
                    beats.add(pipeline.get(keys.process(id)));
                    busy.add(pipeline.llen(keys.inProgress(id)));
                }
                pipeline.sync();
                List<WorkerInfo> workers = new ArrayList<>(ids.size());
                int i = 0;
                for (String id : ids) {
                    String beat = beats.get(i).get();
                    if (beat != null) {
                        workers.add(worker(id, beat, busy.get(i).get()));
                    }
                    i++;
                }
                return workers;
            }
        });
    }

    /** A worker as its heartbeat describes it (see {@code WorkerIdentity}); unknown fields stay empty. */
    private static WorkerInfo worker(String id, String beat, long busy) {
        JsonObject o;
        try (JsonReader reader = Json.createReader(new StringReader(beat))) {
            o = reader.readObject();
        } catch (RuntimeException e) {
            o = Json.createObjectBuilder().build();
        }
        String queues = o.get("queues") instanceof JsonString s ? s.getString() : "";
        return new WorkerInfo(id, o.get("hostname") instanceof JsonString s ? s.getString() : null,
                number(o, "pid"), queues.isEmpty() ? List.of() : Arrays.asList(queues.split(",")),
                (int) number(o, "concurrency"), busy, instant(o, "started_at"), instant(o, "beat_at"));
    }

    private static long number(JsonObject o, String name) {
        return o.get(name) instanceof JsonNumber n ? n.longValue() : 0;
    }

    private static Instant instant(JsonObject o, String name) {
        return o.get(name) instanceof JsonNumber n ? Instant.ofEpochMilli(n.longValue()) : null;
    }
}
