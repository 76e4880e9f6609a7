package io.sideline.sample.api;

import io.sideline.ee.InvalidWorkflowException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A tree that cannot be parsed or run is the client's mistake: 400, with the path of the problem. */
@Provider
public class InvalidWorkflowMapper implements ExceptionMapper<InvalidWorkflowException> {

    @Override
    public Response toResponse(InvalidWorkflowException e) {
        return ErrorBody.response(Response.Status.BAD_REQUEST, e.getMessage());
    }
}
