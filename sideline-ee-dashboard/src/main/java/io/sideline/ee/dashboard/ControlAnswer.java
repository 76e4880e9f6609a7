package io.sideline.ee.dashboard;

import io.sideline.ee.ControlResult;
import io.sideline.ee.RunState;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The answer of a cancel, retry, run-now or delete: {@code {"outcome", "state", "jobs", "reason"}} with 200 when
 * applied, 409 when the run's state (or an expired key) does not allow it, 404 when there is no such run or job.
 */
public record ControlAnswer(ControlResult.Outcome outcome, RunState state, long jobs, String reason) {

    static Response response(ControlResult result) {
        return Response.status(status(result.outcome())).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ControlAnswer(result.outcome(), result.state(), result.jobs(), result.reason())).build();
    }

    static Response.Status status(ControlResult.Outcome outcome) {
        return switch (outcome) {
            case APPLIED -> Response.Status.OK;
            case REFUSED -> Response.Status.CONFLICT;
            case NOT_FOUND -> Response.Status.NOT_FOUND;
        };
    }
}
