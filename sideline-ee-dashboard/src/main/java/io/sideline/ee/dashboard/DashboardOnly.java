package io.sideline.ee.dashboard;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * Answers 404 when one of the dashboard's resources was matched anywhere but under {@code /sideline/api/}. An
 * application whose {@code Application} lists no classes gets every {@code @Path} class of the WAR's jars, the
 * dashboard's included, under its own {@code @ApplicationPath}; there, outside the {@code /sideline/*} security
 * constraint, the resources must not answer. This filter is a {@code @Provider} so that the same scan that mounts
 * them mounts it too (and {@link DashboardApplication} lists it for its own path); it runs before authentication
 * and authorization, so the answer is the same with or without a user.
 */
@Provider
@Priority(Priorities.AUTHENTICATION - 200)
public class DashboardOnly implements ContainerRequestFilter {

    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        Class<?> matched = resource == null ? null : resource.getResourceClass();
        if (matched == null || !matched.getPackageName().equals(DashboardOnly.class.getPackageName())) {
            return;
        }
        if (!servedByDashboard(request.getUriInfo().getBaseUri().getRawPath())) {
            request.abortWith(ErrorBody.response(Response.Status.NOT_FOUND, "not found"));
        }
    }

    /** Whether a JAX-RS base path ({@code /<context-root>/sideline/api/}) is the dashboard's own. */
    static boolean servedByDashboard(String basePath) {
        String path = basePath.endsWith("/") ? basePath : basePath + "/";
        return path.endsWith(DashboardApplication.API_PATH + "/");
    }
}
