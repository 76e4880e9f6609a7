package io.sideline.sample.api;

import io.sideline.ee.IdempotencyConflictException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** An Idempotency-Key sent again with another workflow (or template input): 422, nothing started. */
@Provider
public class IdempotencyConflictMapper implements ExceptionMapper<IdempotencyConflictException> {

    /** 422 (not in Response.Status): the request is well-formed, but its key belongs to another one. */
    private static final int UNPROCESSABLE_CONTENT = 422;

    @Override
    public Response toResponse(IdempotencyConflictException e) {
        return Response.status(UNPROCESSABLE_CONTENT).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody(e.getMessage())).build();
    }
}
