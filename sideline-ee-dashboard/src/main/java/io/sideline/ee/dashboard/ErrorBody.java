package io.sideline.ee.dashboard;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The body of every error the dashboard answers: {@code {"error": "..."}}. */
public record ErrorBody(String error) {

    /** A JSON response with this status and message. */
    static Response response(Response.Status status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ErrorBody(message)).build();
    }
}
