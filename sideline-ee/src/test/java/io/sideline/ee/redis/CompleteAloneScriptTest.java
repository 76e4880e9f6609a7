package io.sideline.ee.redis;

import io.sideline.ee.runtime.Completion;
import io.sideline.ee.testing.CommandLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.sideline.ee.redis.ScriptFixture.WORKER;
import static io.sideline.ee.redis.ScriptFixture.payload;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** complete_alone.lua: the completion of a job that belongs to no run, on a real Redis. */
class CompleteAloneScriptTest {

    private final ScriptFixture f = new ScriptFixture();

    @AfterEach
    void close() {
        f.close();
    }

    private Completion complete(String payload, String jid, String prefetchQueue) {
        return f.scripts.complete(new ScriptArgs.Complete(WORKER, payload, jid, null, true, ScriptArgs.Memory.NONE,
                prefetchQueue, List.of()), ScriptFixture.TTLS);
    }

    @Test
    void aJobOfNoRunIsAcknowledgedAndTheWorkersNextJobTakenInTheSameStep() {
        String a = payload("jA", "default");
        String b = payload("jB", "default");
        f.fetched(a);
        f.redis.lpush(f.keys.queue("default"), b);

        assertEquals(Completion.done(0, b, false), complete(a, "jA", "default"));

        assertEquals(List.of(b), f.redis.lrange(f.keys.inProgress(WORKER), 0, -1), "a done, b in progress");
        assertEquals(0, f.redis.llen(f.keys.queue("default")));
        assertEquals(Completion.done(0, null, false), complete(b, "jB", "default"), "an empty queue: nothing taken");
    }

    @Test
    void aJobNoLongerInProgressIsFencedAndTakesNothing() {
        String b = payload("jB", "default");
        f.redis.lpush(f.keys.queue("default"), b);

        assertEquals(Completion.fenced(), complete(payload("jA", "default"), "jA", "default"));

        assertEquals(List.of(b), f.redis.lrange(f.keys.queue("default"), 0, -1), "the queue is untouched");
        assertEquals(0, f.redis.llen(f.keys.inProgress(WORKER)));
    }

    @Test
    void itsCompletionTouchesOnlyTheInProgressListAndTheQueueNoRunKeys() {
        String a = payload("jA", "default");
        f.fetched(a);
        f.redis.lpush(f.keys.queue("default"), payload("jB", "default"));

        List<String> commands;
        try (CommandLog log = new CommandLog()) {
            complete(a, "jA", "default");
            commands = log.mentioning(f.prefix).stream()
                    .map(line -> line.substring(line.indexOf('"') + 1, line.indexOf('"', line.indexOf('"') + 1)))
                    .map(String::toUpperCase).toList();
        }

        assertEquals(List.of("EVALSHA", "LREM", "LMOVE"), commands, "no read of a run, a barrier or a graph");
    }
}
