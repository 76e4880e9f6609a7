package io.sideline.sample.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Every error the API answers with: {@code {"error":"..."}}. */
public record ErrorBody(String error) {

    static Response response(Response.Status status, String error) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(new ErrorBody(error)).build();
    }
}
