package io.sideline.sample.api;

import io.sideline.ee.UnknownTemplateException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** No template has the name in the path: 404 {@code {"error":"unknown template 'x'"}}. */
@Provider
public class UnknownTemplateMapper implements ExceptionMapper<UnknownTemplateException> {

    @Override
    public Response toResponse(UnknownTemplateException e) {
        return ErrorBody.response(Response.Status.NOT_FOUND, e.getMessage());
    }
}
