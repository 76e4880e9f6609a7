package io.sideline.ee.dashboard;

import io.sideline.ee.RunControl;
import io.sideline.ee.SidelineAdmin;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** {@code api/dead}, {@code api/retry}, {@code api/scheduled}: pages of each set, retry (run now) and delete. */
@ApplicationScoped
@Path("{set: dead|retry|scheduled}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(DashboardApplication.ROLE)
public class JobsResource {

    @Inject
    SidelineAdmin admin;

    @Inject
    RunControl control;

    @GET
    @RolesAllowed(DashboardApplication.ROLE)
    public JobView.Page list(@PathParam("set") String set, @QueryParam("limit") Integer limit,
                             @QueryParam("cursor") String cursor) {
        SidelineAdmin.Page<SidelineAdmin.JobEntry> page = admin.jobs(Names.jobSet(set), PageRequest.limit(limit),
                PageRequest.cursor(cursor));
        return new JobView.Page(page.items().stream().map(JobView::of).toList(), page.next());
    }

    /** Enqueues the job now: a dead job's retry (its run resumes), or "run now" for a retrying or scheduled one. */
    @POST
    @Path("{jid}/retry")
    @RolesAllowed(DashboardApplication.ROLE)
    public Response retry(@PathParam("set") String set, @PathParam("jid") String jid) {
        return ControlAnswer.response(control.retryJob(controlSet(set), jid));
    }

    @DELETE
    @Path("{jid}")
    @RolesAllowed(DashboardApplication.ROLE)
    public Response delete(@PathParam("set") String set, @PathParam("jid") String jid) {
        return ControlAnswer.response(control.deleteJob(controlSet(set), jid));
    }

    private static RunControl.JobSet controlSet(String set) {
        return Names.controlSet(Names.jobSet(set));
    }
}
