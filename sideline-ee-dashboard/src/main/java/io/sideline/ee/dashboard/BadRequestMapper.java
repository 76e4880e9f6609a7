package io.sideline.ee.dashboard;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/**
 * Bad input (an unknown state or job set, a limit below 1, a cursor that is not one, a queue name that is not one)
 * is a 400 with the reason. Registered by {@link DashboardApplication} only (no {@code @Provider}): another
 * application in the same WAR keeps its own answer to an {@link IllegalArgumentException}.
 */
public class BadRequestMapper implements ExceptionMapper<IllegalArgumentException> {

    @Override
    public Response toResponse(IllegalArgumentException e) {
        return ErrorBody.response(Response.Status.BAD_REQUEST, e.getMessage());
    }
}
