package io.sideline.ee.telemetry;

import io.sideline.ee.codec.JobPayload;
import io.sideline.ee.codec.TraceContext;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The greppable tag of our log lines about a job: run id, jid, trace id when traced, never an argument. */
class JobLogTagTest {

    private static final Pattern TAG = Pattern.compile("\\[run=\\S+ jid=\\S+( trace=[0-9a-f]{32})?]");

    @Test
    void anUntracedJobOfARunIsTaggedWithItsRunAndJid() {
        JobPayload p = JobPayload.builder("Task1", "[\"secret\"]", "j-7", "default").run("r-1", List.of()).build();
        assertEquals("[run=r-1 jid=j-7]", JobLogTag.of(p));
    }

    @Test
    void aTracedJobAddsItsTraceIdAndNoArgument() {
        JobPayload p = JobPayload.builder("Task1", "[\"secret\"]", "j-7", "default").run("r-1", List.of())
                .trace(new TraceContext("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", null, List.of()))
                .build();
        String tag = JobLogTag.of(p);
        assertEquals("[run=r-1 jid=j-7 trace=4bf92f3577b34da6a3ce929d0e0e4736]", tag);
        assertTrue(TAG.matcher(tag).matches());
        assertFalse(tag.contains("secret"));
    }

    @Test
    void aJobOutsideARunSaysSo() {
        assertEquals("[run=- jid=j-1]", JobLogTag.of(JobPayload.builder("T", "[]", "j-1", "q").build()));
    }
}
