package io.sideline.sample.api;

import io.sideline.ee.RedisUnavailableException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Redis cannot be reached (or refuses us) right now: 503 {@code {"error":"Redis is unreachable while trying to
 * ..."}} with {@code Retry-After}, so a client retries instead of taking it for a defect (500) or a missing API.
 * Nothing was started, except for a StartOutcomeUnknownException (sent, no reply): its message says that the same
 * request with the same Idempotency-Key is safe to send again. The message names the step and Redis' error, never a password.
 */
@Provider
public class RedisUnavailableMapper implements ExceptionMapper<RedisUnavailableException> {

    /** Seconds a client should wait: about the longest pause of a worker waiting for Redis. */
    static final int RETRY_AFTER_SECONDS = 5;

    @Override
    public Response toResponse(RedisUnavailableException e) {
        return Response.fromResponse(ErrorBody.response(Response.Status.SERVICE_UNAVAILABLE, e.getMessage()))
                .header("Retry-After", RETRY_AFTER_SECONDS).build();
    }
}
