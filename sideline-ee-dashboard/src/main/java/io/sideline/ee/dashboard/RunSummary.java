package io.sideline.ee.dashboard;

import io.sideline.ee.RunState;
import io.sideline.ee.RunStatus;

import java.time.Instant;
import java.util.List;

/** One row of {@code GET api/runs}. */
public record RunSummary(String runId, RunState state, long jobsTotal, long jobsDone, long jobsFailed,
                         Instant startedAt, Instant finishedAt) {

    static RunSummary of(RunStatus s) {
        return new RunSummary(s.runId(), s.state(), s.jobsTotal(), s.jobsDone(), s.jobsFailed(), s.startedAt(),
                s.finishedAt());
    }

    /** The answer of {@code GET api/runs}: a page and the cursor of the next one (null on the last). */
    public record Page(List<RunSummary> runs, String next) {
    }
}
