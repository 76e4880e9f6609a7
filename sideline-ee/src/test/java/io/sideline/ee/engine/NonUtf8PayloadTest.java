package io.sideline.ee.engine;

import io.sideline.ee.RunState;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.sideline.ee.Sideline.chain;
import static io.sideline.ee.Sideline.job;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 9, smaller holes: a payload that is not valid UTF-8 (written into a queue by another client) ends in the
 * dead set with its reason and its exact bytes; it leaves no in-progress entry behind, never runs, and the worker
 * goes on. Before, its bytes could not be named from Java, so it could never be acknowledged, buried or handed back.
 */
class NonUtf8PayloadTest {

    @Test
    void payloadsThatAreNotUtf8AreBuriedByTheirExactBytesAndTheWorkerGoesOn() {
        byte[] garbage = {(byte) 0xC3, (byte) 0x28};
        byte[] jsonWithABadByte = ("{\"class\":\"Rec\",\"args\":[\"bad-\u0001\"],\"jid\":\"j1\",\"queue\":\"default\"}")
                .getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < jsonWithABadByte.length; i++) {
            if (jsonWithABadByte[i] == 1) {
                jsonWithABadByte[i] = (byte) 0xFF; // never valid in UTF-8, inside a JSON string
            }
        }
        try (TestEngine engine = TestEngine.start(Map.of()); RedisClient redis = engine.redis()) {
            byte[] queue = (engine.prefix + "queue:default").getBytes(StandardCharsets.UTF_8);
            redis.lpush(queue, garbage);
            redis.lpush(queue, jsonWithABadByte);

            Await.until("two dead entries", Duration.ofSeconds(10), () -> redis.zcard(engine.prefix + "dead") == 2);

            List<JsonObject> dead = redis.zrange(engine.prefix + "dead", 0, -1).stream()
                    .map(text -> Json.createReader(new StringReader(text)).readObject()).toList();
            for (JsonObject entry : dead) {
                assertEquals("MalformedPayload", entry.getString("error_class"), entry.toString());
                assertTrue(entry.getString("error_message").contains("not valid UTF-8"), entry.toString());
            }
            assertEquals(List.of(Base64.getEncoder().encodeToString(garbage),
                            Base64.getEncoder().encodeToString(jsonWithABadByte)).stream().sorted().toList(),
                    dead.stream().map(d -> d.getString("raw_base64")).sorted().toList(), "the exact bytes are kept");
            String worker = engine.bean(io.sideline.ee.cdi.RunningWorker.class).current().orElseThrow().id();
            assertEquals(0, redis.llen(engine.prefix + "inprogress:" + worker), "nothing left in progress");
            assertEquals(0, redis.llen(queue), "nothing handed back");

            String runId = engine.workflows().run(chain(job(Rec.class, "after-1"), job(Rec.class, "after-2")));
            var done = Await.value("a run after them ends", Duration.ofSeconds(10),
                    () -> engine.workflows().status(runId).orElseThrow(), s -> s.state() != RunState.RUNNING);
            assertEquals(RunState.SUCCEEDED, done.state(), "the worker goes on");
            assertEquals(2, engine.log().of(runId).size());
            assertEquals(List.of(), engine.log().of(null), "the payload with a bad byte never ran");
        }
    }
}
