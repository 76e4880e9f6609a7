package io.sideline.ee.dashboard;

import io.sideline.ee.SidelineAdmin;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** {@code api/queues}: every queue's size, latency and pause flag; pause and resume one (idempotent). */
@ApplicationScoped
@Path("queues")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(DashboardApplication.ROLE)
public class QueuesResource {

    @Inject
    SidelineAdmin admin;

    @GET
    @RolesAllowed(DashboardApplication.ROLE)
    public List<SidelineAdmin.QueueInfo> list() {
        return admin.queues();
    }

    /** Pauses the queue and answers the queues as they are now. */
    @POST
    @Path("{name}/pause")
    @RolesAllowed(DashboardApplication.ROLE)
    public List<SidelineAdmin.QueueInfo> pause(@PathParam("name") String name) {
        admin.pause(name);
        return admin.queues();
    }

    /** Resumes the queue and answers the queues as they are now. */
    @POST
    @Path("{name}/resume")
    @RolesAllowed(DashboardApplication.ROLE)
    public List<SidelineAdmin.QueueInfo> resume(@PathParam("name") String name) {
        admin.resume(name);
        return admin.queues();
    }
}
