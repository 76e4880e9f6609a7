package io.sideline.ee.dashboard;

import jakarta.annotation.security.DeclareRoles;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

import java.util.Set;

/**
 * The dashboard's JAX-RS application, under {@code /<context-root>/sideline/api}. It lists its classes itself: the
 * filter that requires {@code X-Requested-By} and the error mapper are registered here only (they carry no
 * {@code @Provider}), so an application that scans the jar never gets them on its own endpoints; and
 * {@link DashboardOnly} refuses the dashboard's resources wherever else a scan may have mounted them.
 */
@ApplicationPath(DashboardApplication.API_PATH)
@DeclareRoles(DashboardApplication.ROLE)
public class DashboardApplication extends Application {

    /** The role every request of the dashboard needs. */
    public static final String ROLE = "sideline-admin";

    /** Where the API lives, under the context root. */
    public static final String API_PATH = "/sideline/api";

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(RunsResource.class, JobsResource.class, QueuesResource.class, WorkersResource.class,
                StatsResource.class, RequireRequestedBy.class, DashboardOnly.class, BadRequestMapper.class);
    }
}
