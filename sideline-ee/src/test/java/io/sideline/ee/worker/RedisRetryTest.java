package io.sideline.ee.worker;

import io.sideline.ee.RedisUnavailableException;
import io.sideline.ee.testing.LogCapture;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RedisRetry: a step is repeated while Redis is unavailable and the worker runs, with growing pauses, and said once. */
class RedisRetryTest {

    private final List<Long> pauses = new ArrayList<>();

    private static List<LogRecord> ours(LogCapture logs) {
        return logs.records().stream().filter(r -> String.valueOf(r.getMessage()).startsWith("sideline: cannot")).toList();
    }

    private static RedisUnavailableException down() {
        return new RedisUnavailableException("Redis is unreachable while trying to run complete.lua", null);
    }

    @Test
    void aStepThatWorksAtOnceIsRunOnceWithoutPauseOrLogLine() {
        RedisRetry retry = new RedisRetry(() -> true, pauses::add);
        AtomicInteger attempts = new AtomicInteger();
        try (LogCapture logs = new LogCapture()) {
            assertEquals("done", retry.get("complete job", "j1", () -> attempts.incrementAndGet() > 0 ? "done" : null));
            assertEquals(List.of(), ours(logs));
        }
        assertEquals(1, attempts.get());
        assertEquals(List.of(), pauses);
    }

    @Test
    void aStepFailingWhileRedisIsDownIsRepeatedUntilItWorksAndItsResultReturned() {
        RedisRetry retry = new RedisRetry(() -> true, pauses::add);
        AtomicInteger attempts = new AtomicInteger();
        try (LogCapture logs = new LogCapture()) {
            String result = retry.get("complete job", "j1", () -> {
                if (attempts.incrementAndGet() <= 3) {
                    throw down();
                }
                return "done after " + attempts.get();
            });
            assertEquals("done after 4", result);
            List<LogRecord> lines = ours(logs);
            assertEquals(List.of(Level.WARNING, Level.INFO), lines.stream().map(LogRecord::getLevel).toList());
            assertTrue(lines.get(0).getMessage().startsWith("sideline: cannot complete job j1: Redis is unreachable"),
                    lines.get(0).getMessage());
            assertTrue(lines.get(1).getMessage().contains("(3 failed attempt(s))"), lines.get(1).getMessage());
        }
        assertEquals(List.of(50L, 100L, 200L), pauses, "growing pauses between the attempts");
    }

    @Test
    void anErrorThatIsNotAnOutageIsThrownAtOnce() {
        RedisRetry retry = new RedisRetry(() -> true, pauses::add);
        IllegalStateException refused = new IllegalStateException("Redis refused to run complete.lua: ERR bad");
        AtomicInteger attempts = new AtomicInteger();
        assertSame(refused, assertThrows(IllegalStateException.class, () -> retry.run("complete job j1", () -> {
            attempts.incrementAndGet();
            throw refused;
        })));
        assertEquals(1, attempts.get());
        assertEquals(List.of(), pauses);
    }

    @Test
    void aStoppingWorkerGivesUpWithTheOutage() {
        AtomicInteger attempts = new AtomicInteger();
        RedisRetry retry = new RedisRetry(() -> attempts.get() < 2, pauses::add);
        RedisUnavailableException e = assertThrows(RedisUnavailableException.class, () -> retry.get("complete job", "j1", () -> {
            attempts.incrementAndGet();
            throw down();
        }));
        assertTrue(e.getMessage().contains("complete.lua"), e.getMessage());
        assertEquals(2, attempts.get(), "the first attempt and one more while the worker still ran");
        assertEquals(List.of(50L), pauses);
    }
}
