package io.sideline.sample.api;

import io.sideline.ee.RunState;
import io.sideline.ee.RunStatus;
import jakarta.json.bind.annotation.JsonbNillable;

import java.time.Instant;
import java.util.List;

/**
 * A run's status as JSON. Times are ISO-8601 strings; {@code finishedAt} is {@code null} (written, not
 * omitted: {@link JsonbNillable}) while the run is going. {@code failureReason} says why a run FAILED when no job's
 * failure does (it reached {@code sideline.run.max-age}); {@code unservedQueues} names the queues of a running run's
 * workflow that no live worker serves; {@code callbacks} how its callbacks went ({@code null} when none ran).
 */
@JsonbNillable
public record RunView(String runId, RunState state, long jobsTotal, long jobsDone, long jobsFailed,
                      String startedAt, String finishedAt, boolean stalled, String failureReason,
                      List<String> unservedQueues, RunState callbacks) {

    static RunView of(RunStatus status) {
        return new RunView(status.runId(), status.state(), status.jobsTotal(), status.jobsDone(),
                status.jobsFailed(), iso(status.startedAt()), iso(status.finishedAt()), status.stalled(),
                status.failureReason(), status.unservedQueues(), status.callbacks());
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
