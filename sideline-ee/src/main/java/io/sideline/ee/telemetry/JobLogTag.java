package io.sideline.ee.telemetry;

import io.sideline.ee.codec.JobPayload;

/**
 * The fixed, greppable tag our log lines about a job carry: {@code [run=<run id> jid=<jid> trace=<trace id>]}, with
 * {@code run=-} for a job outside any run and {@code trace=} left out while the job is not traced. Ids only: never
 * arguments or memory values. Plain text through {@code java.util.logging}, so any handler (and mpTelemetry's log
 * export, which adds the current span's context itself) carries it.
 */
public final class JobLogTag {

    private JobLogTag() {
    }

    /** The tag of {@code payload}'s job, e.g. {@code [run=r-1 jid=j-2 trace=4bf9…]}. */
    public static String of(JobPayload payload) {
        StringBuilder b = new StringBuilder(96).append("[run=").append(payload.runId() == null ? "-" : payload.runId())
                .append(" jid=").append(payload.jid());
        String traceId = payload.trace() == null ? null : payload.trace().traceId();
        if (traceId != null) {
            b.append(" trace=").append(traceId);
        }
        return b.append(']').toString();
    }
}
