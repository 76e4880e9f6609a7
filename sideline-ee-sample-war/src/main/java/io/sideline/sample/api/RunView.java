package io.sideline.sample.api;

import io.sideline.ee.RunState;
import io.sideline.ee.RunStatus;
import jakarta.json.bind.annotation.JsonbNillable;

import java.time.Instant;

/**
 * A run's status as JSON. Times are ISO-8601 strings; {@code finishedAt} is {@code null} (written, not
 * omitted: {@link JsonbNillable}) while the run is going.
 */
@JsonbNillable
public record RunView(String runId, RunState state, long jobsTotal, long jobsDone, long jobsFailed,
                      String startedAt, String finishedAt) {

    static RunView of(RunStatus status) {
        return new RunView(status.runId(), status.state(), status.jobsTotal(), status.jobsDone(),
                status.jobsFailed(), iso(status.startedAt()), iso(status.finishedAt()));
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
