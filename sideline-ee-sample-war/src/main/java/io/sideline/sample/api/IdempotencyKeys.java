package io.sideline.sample.api;

import io.sideline.ee.RunOptions;
import io.sideline.ee.RunStart;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.core.Response;

import java.net.URI;

/**
 * The {@code Idempotency-Key} header of the POSTs that start runs: a client that timed out sends its request again
 * with the same key and gets the first run's id (200 instead of 201) instead of a second run.
 */
final class IdempotencyKeys {

    static final String HEADER = "Idempotency-Key";

    private IdempotencyKeys() {
    }

    /** The options for the header's key (none without the header); a key the library refuses is a 400. */
    static RunOptions options(String header) {
        if (header == null) {
            return RunOptions.NONE;
        }
        try {
            return RunOptions.idempotencyKey(header);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(ErrorBody.response(Response.Status.BAD_REQUEST, HEADER + ": " + e.getMessage()));
        }
    }

    /** 201 with the run's location for a new run, 200 with the same body for a repeat. */
    static Response response(RunStart start, URI location) {
        Response.ResponseBuilder answer = start.repeated() ? Response.ok().location(location) : Response.created(location);
        return answer.entity(new WorkflowResource.RunStarted(start.runId())).build();
    }
}
