package io.sideline.ee.dashboard;

import io.sideline.ee.RunState;
import io.sideline.ee.RunStatus;
import io.sideline.ee.SidelineAdmin;

import java.time.Instant;
import java.util.List;

/**
 * One row of {@code GET api/runs}; {@code callbacks} is how the run's callbacks went (SUCCEEDED, FAILED, RUNNING), or
 * null when it has none or they have not started.
 */
public record RunSummary(String runId, RunState state, long jobsTotal, long jobsDone, long jobsFailed,
                         Instant startedAt, Instant finishedAt, RunState callbacks) {

    /**
     * What the library appends to a run's id to name the run of its callbacks ({@code <runId>:callbacks:<n>}, see
     * {@code RunEnd.CALLBACKS}).
     */
    static final String CALLBACK_RUN = ":callbacks:";

    static RunSummary of(RunStatus s) {
        return new RunSummary(s.runId(), s.state(), s.jobsTotal(), s.jobsDone(), s.jobsFailed(), s.startedAt(),
                s.finishedAt(), s.callbacks());
    }

    /** Whether this is the run of another run's callbacks (listed only when asked for: they are the parent's). */
    static boolean ofCallbacks(RunStatus s) {
        return s.runId().contains(CALLBACK_RUN);
    }

    /**
     * The rows of one page of runs: without the callbacks' runs unless {@code withCallbacks} (their outcome shows on
     * their parent's row). A page may so hold fewer rows than its limit; its cursor still goes on after it.
     */
    static Page page(SidelineAdmin.Page<RunStatus> runs, boolean withCallbacks) {
        return new Page(runs.items().stream().filter(s -> withCallbacks || !ofCallbacks(s)).map(RunSummary::of)
                .toList(), runs.next());
    }

    /** The answer of {@code GET api/runs}: a page and the cursor of the next one (null on the last). */
    public record Page(List<RunSummary> runs, String next) {
    }
}
