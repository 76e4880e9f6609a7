package io.sideline.chaos.api;

import io.sideline.ee.InvalidWorkflowException;
import io.sideline.ee.RunStatus;
import io.sideline.ee.Workflows;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Map;

/**
 * What the driver needs from sideline-ee's API (records are read from Redis directly):
 * <pre>
 * POST /chaos/api/runs               a workflow tree (JSON)  → 201 {"runId"} | 400 {"error"}
 *      with an Idempotency-Key header: the same key again → 200 {"runId"} of the first run, nothing started
 * GET  /chaos/api/runs/{runId}       → {"state","jobsTotal","jobsDone","jobsFailed","stalled","hungJobs"} | 404
 * GET  /chaos/api/runs/{runId}/memory → the run's memory
 * </pre>
 */
@Path("runs")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class RunResource {

    @Inject
    Workflows workflows;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response run(@jakarta.ws.rs.HeaderParam("Idempotency-Key") String idempotencyKey, String tree) {
        try {
            io.sideline.ee.RunOptions options = idempotencyKey == null ? io.sideline.ee.RunOptions.NONE
                    : io.sideline.ee.RunOptions.idempotencyKey(idempotencyKey);
            io.sideline.ee.RunStart start = workflows.start(workflows.parse(tree), options);
            return Response.status(start.repeated() ? Response.Status.OK : Response.Status.CREATED)
                    .entity(Json.createObjectBuilder().add("runId", start.runId()).build()).build();
        } catch (InvalidWorkflowException e) {
            return Response.status(Response.Status.BAD_REQUEST)
                    .entity(Json.createObjectBuilder().add("error", String.valueOf(e.getMessage())).build()).build();
        }
    }

    @GET
    @Path("{runId}")
    public Response status(@PathParam("runId") String runId) {
        return workflows.status(runId).map(RunResource::view).map(view -> Response.ok(view).build())
                .orElseGet(() -> Response.status(Response.Status.NOT_FOUND).build());
    }

    @GET
    @Path("{runId}/memory")
    public Map<String, Object> memory(@PathParam("runId") String runId) {
        return workflows.memory().readAll(runId);
    }

    private static JsonObject view(RunStatus status) {
        return Json.createObjectBuilder().add("runId", status.runId()).add("state", status.state().name())
                .add("jobsTotal", status.jobsTotal()).add("jobsDone", status.jobsDone())
                .add("jobsFailed", status.jobsFailed()).add("stalled", status.stalled())
                .add("hungJobs", Json.createArrayBuilder(status.hungJobs())).build();
    }
}
