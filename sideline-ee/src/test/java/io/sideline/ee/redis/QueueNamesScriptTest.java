package io.sideline.ee.redis;

import io.sideline.ee.runtime.Continuation;
import io.sideline.ee.runtime.Plan;
import io.sideline.ee.testing.CommandLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The set of queue names (Sidekiq's {@code queues}) names every queue a plan enqueues to, and a plan's consecutive jobs
 * to one queue name it once: a group of ten in one queue is one SADD, not ten (apply_plan).
 */
class QueueNamesScriptTest {

    private final ScriptFixture f = new ScriptFixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void aGroupReleasedIntoOneQueueNamesItOnce() {
        f.launch("run-1", new Plan(List.of(new Plan.BarrierSpec("root", 1, false, Continuation.NONE, true, "run-1"),
                new Plan.BarrierSpec("c1", 1, false, Continuation.parse("{\"group\":[{\"job\":\"G\"}]}"), false, "run-1")),
                List.of()), 12);
        String first = ScriptFixture.payload("jA", "default");
        f.fetched(first);
        List<Plan.PlannedJob> jobs = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            jobs.add(new Plan.PlannedJob("default", 0, ScriptFixture.payload("g" + i, "default")));
        }
        jobs.add(new Plan.PlannedJob("other", 0, ScriptFixture.payload("o1", "other")));

        List<String> named;
        try (CommandLog commands = new CommandLog()) {
            f.complete(first, "jA", "c1", new Plan(List.of(new Plan.BarrierSpec("g1", 11, true, Continuation.NONE,
                    false, "run-1")), jobs));
            named = commands.mentioning(f.keys.queues()).stream().filter(c -> c.contains("\"SADD\"")).toList();
        }

        assertEquals(Set.of("default", "other"), f.redis.smembers(f.keys.queues()));
        assertEquals(2, named.size(), "one SADD per queue: " + named);
        assertEquals(10, f.redis.llen(f.keys.queue("default")));
    }
}
