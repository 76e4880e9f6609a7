package io.sideline.ee.dashboard;

import io.sideline.ee.RunControl;
import io.sideline.ee.RunStatus;
import io.sideline.ee.SidelineAdmin;
import io.sideline.ee.Workflows;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;

import java.util.Map;

/** {@code api/runs}: runs by state, one run with its graph, cancel and retry. */
@ApplicationScoped
@Path("runs")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(DashboardApplication.ROLE)
public class RunsResource {

    @Inject
    SidelineAdmin admin;

    @Inject
    RunControl control;

    @Inject
    Workflows workflows;

    /** Runs newest first, optionally of one state; the runs of callbacks only with {@code callbacks=true}. */
    @GET
    @RolesAllowed(DashboardApplication.ROLE)
    public RunSummary.Page list(@QueryParam("state") String state, @QueryParam("limit") Integer limit,
                                @QueryParam("cursor") String cursor, @QueryParam("callbacks") boolean callbacks) {
        SidelineAdmin.Page<RunStatus> page = admin.runs(Names.state(state), PageRequest.limit(limit),
                PageRequest.cursor(cursor));
        return RunSummary.page(page, callbacks);
    }

    /** Writes the answers whose tag is computed (JSON-B is thread-safe). */
    private static final Jsonb JSON = JsonbBuilder.create();

    /**
     * A run's status and graph, tagged ({@code ETag}); 304 without a body when the request's {@code If-None-Match}
     * names the same answer (the page polls every 2 s: an unchanged big graph is not sent again); 404 for an unknown
     * (or expired) run.
     */
    @GET
    @Path("{runId}")
    @RolesAllowed(DashboardApplication.ROLE)
    public Response get(@PathParam("runId") String runId, @Context Request request) {
        return workflows.status(runId)
                .map(status -> {
                    JsonValue graph = admin.graph(runId).map(JsonText::parse).orElse(JsonValue.NULL);
                    Map<String, NodeErrors.NodeError> errors = NodeErrors.of(admin, graph);
                    String body = JSON.toJson(RunDetail.of(status, graph, errors));
                    EntityTag tag = Etags.of(body);
                    Response.ResponseBuilder unchanged = request.evaluatePreconditions(tag);
                    return unchanged != null ? unchanged.build()
                            : Response.ok(body, MediaType.APPLICATION_JSON_TYPE).tag(tag).build();
                })
                .orElseGet(() -> ErrorBody.response(Response.Status.NOT_FOUND, "no run " + runId));
    }

    @POST
    @Path("{runId}/cancel")
    @RolesAllowed(DashboardApplication.ROLE)
    public Response cancel(@PathParam("runId") String runId) {
        return ControlAnswer.response(control.cancel(runId));
    }

    @POST
    @Path("{runId}/retry")
    @RolesAllowed(DashboardApplication.ROLE)
    public Response retry(@PathParam("runId") String runId) {
        return ControlAnswer.response(control.retry(runId));
    }
}
