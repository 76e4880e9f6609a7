package io.sideline.chaos.ledger;

import io.sideline.ee.JobContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.util.UUID;

/**
 * The oracle the driver judges runs by: every execution of a chaos job appends a start entry and, if it gets that
 * far, an end entry to {@code chaos:rec:<runId>}. Each entry carries the run's own sequence number
 * ({@code INCR chaos:seq:<runId>}), so order is checked without trusting clocks, and an execution id that pairs a
 * start with its end: a start without an end is an execution that died (a killed server) or never returned.
 *
 * <pre>{"t":"s"|"e", "label", "jid", "exec", "server", "pid", "seq", "ms", "retry", "in"?, "out"?}</pre>
 */
@ApplicationScoped
public class Ledger {

    static final String RECORDS = "chaos:rec:";
    static final String SEQUENCE = "chaos:seq:";

    @Inject
    ChaosRedis redis;

    /** One execution of a job, between its start and end entries. */
    public record Execution(String runId, String label, String jid, String exec, int retry) {
    }

    public Execution start(JobContext job, String label, JsonValue input) {
        Execution execution = new Execution(job.runId(), label, job.jid(), UUID.randomUUID().toString(), job.retryCount());
        append(execution, "s", "in", input);
        return execution;
    }

    public void end(Execution execution, JsonValue output) {
        append(execution, "e", "out", output);
    }

    private void append(Execution execution, String type, String valueName, JsonValue value) {
        long seq = redis.call(r -> r.incr(SEQUENCE + execution.runId()));
        JsonObjectBuilder entry = Json.createObjectBuilder()
                .add("t", type)
                .add("label", execution.label())
                .add("jid", execution.jid())
                .add("exec", execution.exec())
                .add("server", ChaosRedis.SERVER)
                .add("pid", ChaosRedis.PID)
                .add("seq", seq)
                .add("ms", System.currentTimeMillis())
                .add("retry", execution.retry());
        if (value != null) {
            entry.add(valueName, value);
        }
        String json = entry.build().toString();
        // A repeated RPUSH (reply lost to a killed connection) duplicates the entry; the driver dedupes by exec+t.
        redis.call(r -> r.rpush(RECORDS + execution.runId(), json));
    }
}
