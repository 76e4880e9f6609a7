package io.sideline.sample.api;

import io.sideline.ee.InvalidInputException;
import io.sideline.ee.Violation;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.util.List;

/**
 * Template params that violate the input's constraints are the client's mistake: 400, with every violation,
 * {@code {"error":"...","violations":[{"property":"doc_id","message":"must not be blank"}]}}. Nothing was started.
 */
@Provider
public class InvalidInputMapper implements ExceptionMapper<InvalidInputException> {

    @Override
    public Response toResponse(InvalidInputException e) {
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new InvalidInputBody(e.getMessage(), e.violations()))
                .build();
    }

    /** {@link ErrorBody} with the violations. */
    public record InvalidInputBody(String error, List<Violation> violations) {
    }
}
