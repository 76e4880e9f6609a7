package io.sideline.ee.redis;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.sideline.ee.redis.ScriptFixture.payload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** promote.lua: due delayed and retried jobs move onto their queues, on a real Redis. */
class PromoteScriptTest {

    private final ScriptFixture f = new ScriptFixture();

    @AfterEach
    void close() {
        f.close();
    }

    private long redisNowMs() {
        return (Long) f.redis.eval("local t = redis.call('TIME') return t[1] * 1000 + math.floor(t[2] / 1000)");
    }

    private static JsonObject json(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    @Test
    void dueJobsOfBothSetsMoveToTheirQueuesAndJobsNotYetDueStay() {
        long now = redisNowMs();
        String scheduled = payload("jS", "default");
        String retried = payload("jR", "critical");
        String later = payload("jL", "default");
        f.redis.zadd(f.keys.schedule(), now - 1_000, scheduled);
        f.redis.zadd(f.keys.retry(), now - 1, retried);
        f.redis.zadd(f.keys.schedule(), now + 60_000, later);

        ScriptReplies.Promotion result = f.scripts.promote(100);

        assertEquals(2L, result.moved());
        assertEquals(List.of(scheduled), f.redis.lrange(f.keys.queue("default"), 0, -1));
        assertEquals(List.of(retried), f.redis.lrange(f.keys.queue("critical"), 0, -1));
        assertEquals(Set.of("default", "critical"), f.redis.smembers(f.keys.queues()));
        assertEquals(List.of(later), f.redis.zrange(f.keys.schedule(), 0, -1));
        assertEquals(0, f.redis.zcard(f.keys.retry()));
        assertEquals(0, f.redis.zcard(f.keys.dead()));
    }

    @Test
    void aPromotedJobJoinsTheBackOfItsQueue() {
        String waiting = payload("jW", "default");
        f.redis.lpush(f.keys.queue("default"), waiting);
        String due = payload("jD", "default");
        f.redis.zadd(f.keys.schedule(), redisNowMs() - 1, due);

        f.scripts.promote(100);

        assertEquals(waiting, f.redis.rpop(f.keys.queue("default")), "the job already waiting is fetched first");
        assertEquals(due, f.redis.rpop(f.keys.queue("default")));
    }

    @Test
    void theNextDueTimeIsTheRemainingWaitOfTheEarliestJobInEitherSet() {
        long before = redisNowMs();
        f.redis.zadd(f.keys.schedule(), before + 60_000, payload("jS", "default"));
        f.redis.zadd(f.keys.retry(), before + 20_000, payload("jR", "default"));

        ScriptReplies.Promotion result = f.scripts.promote(100);

        long after = redisNowMs();
        assertEquals(0L, result.moved());
        long wait = result.nextDueMs();
        assertTrue(wait <= 20_000 && wait >= 20_000 - (after - before), "next due in " + wait + " ms");
        assertEquals(0, f.redis.llen(f.keys.queue("default")));
    }

    @Test
    void theNextDueTimeIsMinusOneWhenBothSetsAreEmpty() {
        assertEquals(new ScriptReplies.Promotion(0, -1), f.scripts.promote(100));

        f.redis.zadd(f.keys.retry(), redisNowMs() - 5, payload("jR", "default"));
        assertEquals(new ScriptReplies.Promotion(1, -1), f.scripts.promote(100), "-1 again once the last due job has moved");
    }

    @Test
    void membersThatAreNotJobPayloadsWithAQueueGoToTheDeadSetWrapped() {
        long now = redisNowMs();
        List<String> malformed = List.of("not json", "{\"class\":\"T\",\"jid\":\"j1\"}", "[1,2,3]", "{\"queue\":5}");
        for (int i = 0; i < malformed.size(); i++) {
            f.redis.zadd(i % 2 == 0 ? f.keys.schedule() : f.keys.retry(), now - 100 - i, malformed.get(i));
        }

        ScriptReplies.Promotion result = f.scripts.promote(100);

        assertEquals(new ScriptReplies.Promotion(0, -1), result, "nothing moved, both sets emptied");
        Set<String> raws = new HashSet<>();
        for (String entry : f.redis.zrange(f.keys.dead(), 0, -1)) {
            JsonObject dead = json(entry);
            assertEquals("MalformedPayload", dead.getString("error_class"));
            assertTrue(dead.getString("error_message").contains("not a job payload with a queue"), entry);
            assertTrue(dead.containsKey("failed_at"), entry);
            raws.add(dead.getString("raw"));
        }
        assertEquals(new HashSet<>(malformed), raws, "each dead entry keeps the member it wraps");
        assertTrue(f.redis.keys(f.prefix + "queue*").isEmpty(), "no queue was touched");
    }

    @Test
    void aMalformedMemberDoesNotStopTheGoodOnesAroundIt() {
        long now = redisNowMs();
        f.redis.zadd(f.keys.schedule(), now - 30, payload("j1", "default"));
        f.redis.zadd(f.keys.schedule(), now - 20, "{broken");
        f.redis.zadd(f.keys.schedule(), now - 10, payload("j2", "default"));

        assertEquals(new ScriptReplies.Promotion(2, -1), f.scripts.promote(100));

        assertEquals(List.of(payload("j2", "default"), payload("j1", "default")),
                f.redis.lrange(f.keys.queue("default"), 0, -1));
        assertEquals(1, f.redis.zcard(f.keys.dead()));
    }

    @Test
    void theLimitBoundsTheMovesPerSetPerCallEarliestFirst() {
        long now = redisNowMs();
        for (int i = 0; i < 3; i++) {
            f.redis.zadd(f.keys.schedule(), now - 1_000 + i, payload("s" + i, "default"));
            f.redis.zadd(f.keys.retry(), now - 1_000 + i, payload("r" + i, "default"));
        }

        ScriptReplies.Promotion first = f.scripts.promote(2);

        assertEquals(new ScriptReplies.Promotion(4, 0), first, "two from each set; the rest is already due");
        assertEquals(List.of(payload("s2", "default")), f.redis.zrange(f.keys.schedule(), 0, -1));
        assertEquals(List.of(payload("r2", "default")), f.redis.zrange(f.keys.retry(), 0, -1));
        assertEquals(List.of(payload("s0", "default"), payload("s1", "default")),
                List.of(f.redis.rpop(f.keys.queue("default")), f.redis.rpop(f.keys.queue("default"))),
                "the earliest scheduled jobs moved first");

        assertEquals(new ScriptReplies.Promotion(2, -1), f.scripts.promote(2));
        assertEquals(0, f.redis.zcard(f.keys.schedule()) + f.redis.zcard(f.keys.retry()));
    }

    @Test
    void aJobWhoseQueueNameIsNotUtf8GoesToTheDeadSetInsteadOfWaitingForADeclarationThatCannotCome() {
        long now = redisNowMs();
        byte[] head = "{\"class\":\"T\",\"jid\":\"j1\",\"queue\":\"q".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] bad = java.util.Arrays.copyOf(head, head.length + 3);
        bad[head.length] = (byte) 0xff; // not UTF-8: Java could not name its queue's key
        bad[head.length + 1] = '"';
        bad[head.length + 2] = '}';
        f.redis.zadd(f.keys.schedule().getBytes(java.nio.charset.StandardCharsets.UTF_8), now - 10, bad);
        f.redis.zadd(f.keys.schedule(), now - 5, payload("j2", "default"));

        assertEquals(new ScriptReplies.Promotion(1, -1), f.scripts.promote(100));

        assertEquals(List.of(payload("j2", "default")), f.redis.lrange(f.keys.queue("default"), 0, -1));
        assertEquals(1, f.redis.zcard(f.keys.dead()), "the unreadable entry is buried with its reason");
        assertTrue(f.redis.zrange(f.keys.dead(), 0, -1).get(0).contains("not a job payload with a queue (a UTF-8 string)"));
    }
}
