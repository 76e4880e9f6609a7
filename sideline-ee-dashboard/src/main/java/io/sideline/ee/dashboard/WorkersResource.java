package io.sideline.ee.dashboard;

import io.sideline.ee.SidelineAdmin;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** {@code api/workers}: the live workers, from their heartbeats. */
@ApplicationScoped
@Path("workers")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(DashboardApplication.ROLE)
public class WorkersResource {

    @Inject
    SidelineAdmin admin;

    @GET
    @RolesAllowed(DashboardApplication.ROLE)
    public List<SidelineAdmin.WorkerInfo> list() {
        return admin.workers();
    }
}
