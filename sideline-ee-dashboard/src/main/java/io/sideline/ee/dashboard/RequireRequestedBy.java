package io.sideline.ee.dashboard;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Response;

/**
 * Refuses (403) every POST and DELETE without an {@value #HEADER} header. A browser sends a custom header only from
 * script, and a cross-site script may send one only after a CORS preflight that the dashboard never grants: a
 * cross-site form or fetch that rides on the user's BASIC credentials cannot act (Sidekiq Web's CSRF lesson). Runs
 * before authorization, so a forged request learns nothing more than 403. Registered by {@link DashboardApplication}
 * only (no {@code @Provider}), so it never applies to the application's own endpoints.
 */
@Priority(Priorities.AUTHENTICATION - 100)
public class RequireRequestedBy implements ContainerRequestFilter {

    /** The header every mutation needs; any non-blank value. */
    public static final String HEADER = "X-Requested-By";

    @Override
    public void filter(ContainerRequestContext request) {
        String method = request.getMethod();
        boolean mutation = "POST".equals(method) || "DELETE".equals(method);
        String value = request.getHeaderString(HEADER);
        if (mutation && (value == null || value.isBlank())) {
            request.abortWith(ErrorBody.response(Response.Status.FORBIDDEN,
                    method + " needs the header " + HEADER + " (the dashboard's page sends it)"));
        }
    }
}
