package io.sideline.ee.worker;

import io.sideline.ee.RedisUnavailableException;
import io.sideline.ee.testing.LogCapture;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A loop retrying every second through a 150 s outage says so three times (0, 60, 120 s) and once when it ends. */
class OutageLogTest {

    private static List<LogRecord> ours(LogCapture logs) {
        return logs.records().stream().filter(r -> String.valueOf(r.getMessage()).startsWith("sideline: fetcher")).toList();
    }

    @Test
    void anOutageIsLoggedWhenItStartsOnceAMinuteWhileItLastsAndWhenItEnds() {
        AtomicLong clock = new AtomicLong(1_000_000);
        OutageLog outage = new OutageLog("fetcher default#0", clock::get);
        RedisUnavailableException down = new RedisUnavailableException("Redis is unreachable while trying to fetch", null);
        try (LogCapture logs = new LogCapture()) {
            outage.recovered(); // no outage yet: nothing to say
            for (int second = 0; second < 150; second++) {
                outage.failed(down);
                clock.addAndGet(1_000);
            }
            assertTrue(outage.ongoing());
            outage.recovered();
            outage.recovered();

            List<LogRecord> lines = ours(logs);
            assertEquals(List.of(Level.WARNING, Level.WARNING, Level.WARNING, Level.INFO),
                    lines.stream().map(LogRecord::getLevel).toList(), lines.stream().map(LogRecord::getMessage).toList().toString());
            assertTrue(lines.get(1).getMessage().contains("after 60 s and 61 attempts"), lines.get(1).getMessage());
            assertTrue(lines.get(3).getMessage().contains("Redis answers again after 150 s (150 failed attempt(s))"),
                    lines.get(3).getMessage());
            assertFalse(outage.ongoing());
        }
    }
}
