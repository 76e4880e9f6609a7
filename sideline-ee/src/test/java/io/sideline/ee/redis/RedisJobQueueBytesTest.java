package io.sideline.ee.redis;

import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.runtime.JobQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RedisJobQueue with payloads that are not valid UTF-8: when one reaches the worker as (lossy) text other than
 * by a fetch (a completion's prefetch, the orphan sweep), failing or handing it back still finds its exact bytes.
 */
class RedisJobQueueBytesTest {

    private static final byte[] GARBAGE = {'x', (byte) 0xC3, (byte) 0x28};
    private static final String LOSSY = new String(GARBAGE, StandardCharsets.UTF_8);

    private final ScriptFixture fx = new ScriptFixture();
    private final JobQueue queue = new RedisJobQueue(fx.redis, fx.scripts, fx.keys,
            SidelineConfig.read(Map.of(SidelineConfig.Keys.KEY_PREFIX, fx.prefix)::get));
    private final byte[] inProgress = fx.keys.inProgress(ScriptFixture.WORKER).getBytes(StandardCharsets.UTF_8);

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void failingTheLossyTextBuriesTheExactBytes() {
        fx.redis.lpush(inProgress, GARBAGE);

        JobQueue.FailOutcome outcome = queue.fail(ScriptFixture.WORKER, LOSSY, "{\"error_class\":\"MalformedPayload\"}",
                false, 0, null);

        assertEquals(JobQueue.FailOutcome.DEAD, outcome);
        assertEquals(0, fx.redis.llen(inProgress));
        assertEquals(List.of("{\"error_class\":\"MalformedPayload\"}"), fx.redis.zrange(fx.keys.dead(), 0, -1));
    }

    @Test
    void handingTheLossyTextBackMovesTheExactBytes() {
        fx.redis.lpush(inProgress, GARBAGE);

        assertTrue(queue.requeue(ScriptFixture.WORKER, LOSSY, "default"));

        assertEquals(0, fx.redis.llen(inProgress));
        List<byte[]> queued = fx.redis.lrange(fx.keys.queue("default").getBytes(StandardCharsets.UTF_8), 0, -1);
        assertEquals(1, queued.size());
        assertArrayEquals(GARBAGE, queued.get(0));
    }

    @Test
    void aTextThatIsNoLongerInProgressStaysFenced() {
        assertEquals(JobQueue.FailOutcome.FENCED, queue.fail(ScriptFixture.WORKER, LOSSY, "{}", false, 0, null));
        assertEquals(false, queue.requeue(ScriptFixture.WORKER, LOSSY, "default"));
    }
}
