package io.sideline.ee.redis;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static io.sideline.ee.redis.ScriptFixture.WORKER;
import static io.sideline.ee.redis.ScriptFixture.barrier;
import static io.sideline.ee.redis.ScriptFixture.payload;
import static io.sideline.ee.redis.ScriptFixture.plan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** requeue.lua: a stopping worker hands an in-flight job back, on a real Redis. */
class RequeueScriptTest {

    private final ScriptFixture f = new ScriptFixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void anInProgressJobGoesBackToTheFetchingEndOfItsQueue() {
        String waiting = payload("jW", "critical");
        f.redis.lpush(f.keys.queue("critical"), waiting);
        String a = payload("jA", "critical");
        f.fetched(a);

        assertTrue(f.scripts.requeue(WORKER, a, "critical"));

        assertEquals(0, f.redis.llen(f.keys.inProgress(WORKER)));
        assertEquals(a, f.redis.rpop(f.keys.queue("critical")), "the handed-back job is fetched next");
        assertEquals(waiting, f.redis.rpop(f.keys.queue("critical")));
        assertEquals(Set.of("critical"), f.redis.smembers(f.keys.queues()));
    }

    @Test
    void aJobNoLongerInProgressIsNotHandedBack() {
        String a = payload("jA", "default");

        assertFalse(f.scripts.requeue(WORKER, a, "default"));

        assertFalse(f.redis.exists(f.keys.queue("default")));
        assertFalse(f.redis.exists(f.keys.queues()));
    }

    @Test
    void onlyOneCopyOfADuplicateDeliveryIsHandedBack() {
        String a = payload("jA", "default");
        f.fetched(a);
        f.fetched(a);

        assertTrue(f.scripts.requeue(WORKER, a, "default"));

        assertEquals(List.of(a), f.redis.lrange(f.keys.inProgress(WORKER), 0, -1));
        assertEquals(List.of(a), f.redis.lrange(f.keys.queue("default"), 0, -1));
    }

    @Test
    void theWorkersLaterCompletionOfAHandedBackJobIsFenced() {
        f.launch("run-1", plan(List.of(barrier("root", 1, false, "", true)), List.of()), 1);
        String a = payload("jA", "default");
        f.fetched(a);

        assertTrue(f.scripts.requeue(WORKER, a, "default"));

        assertEquals(io.sideline.ee.runtime.Completion.fenced(), f.complete(a, "jA", "root", ""));
        assertFalse(f.redis.exists(f.keys.barrierMembers("root")));
        assertEquals("RUNNING", f.redis.hget(f.keys.run("run-1"), "state"));
        assertEquals("0", f.redis.hget(f.keys.run("run-1"), "jobs_done"));
        assertEquals(List.of(a), f.redis.lrange(f.keys.queue("default"), 0, -1), "the job waits for its next run");
    }

    @Test
    void aJobAlreadyCompletedCannotBeHandedBack() {
        f.launch("run-1", plan(List.of(barrier("root", 1, false, "", true)), List.of()), 1);
        String a = payload("jA", "default");
        f.fetched(a);
        assertEquals(io.sideline.ee.runtime.Completion.done(1, null, true), f.complete(a, "jA", "root", ""));

        assertFalse(f.scripts.requeue(WORKER, a, "default"));

        assertFalse(f.redis.exists(f.keys.queue("default")));
    }
}
