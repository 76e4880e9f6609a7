package io.sideline.ee.dashboard;

import io.sideline.ee.RunState;
import io.sideline.ee.RunStatus;
import jakarta.json.JsonValue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code GET api/runs/{runId}}: the run's status, its {@code graph} (the workflow tree in its JSON
 * form, every job node with {@code state} and {@code jid}; null when no graph was stored) and the last error of
 * each of its dead or retrying nodes, by jid, as far as {@link NodeErrors} finds them.
 */
public record RunDetail(String runId, RunState state, long jobsTotal, long jobsDone, long jobsFailed,
                        Instant startedAt, Instant finishedAt, Instant progressAt, boolean stalled,
                        String failureReason, List<String> unservedQueues, List<String> hungJobs, JsonValue graph,
                        Map<String, NodeErrors.NodeError> errors, RunState callbacks) {

    static RunDetail of(RunStatus s, JsonValue graph, Map<String, NodeErrors.NodeError> errors) {
        return new RunDetail(s.runId(), s.state(), s.jobsTotal(), s.jobsDone(), s.jobsFailed(), s.startedAt(),
                s.finishedAt(), s.progressAt(), s.stalled(), s.failureReason(), s.unservedQueues(), s.hungJobs(),
                graph, errors, s.callbacks());
    }
}
