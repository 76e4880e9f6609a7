package io.sideline.ee.dashboard;

import io.sideline.ee.SidelineAdmin;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code api/stats}: jobs processed and failed, in total and per minute. */
@ApplicationScoped
@Path("stats")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(DashboardApplication.ROLE)
public class StatsResource {

    @Inject
    SidelineAdmin admin;

    @GET
    @RolesAllowed(DashboardApplication.ROLE)
    public SidelineAdmin.JobStats get() {
        return admin.stats();
    }
}
