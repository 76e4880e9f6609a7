package io.sideline.sample.api;

import io.sideline.ee.RunStatus;
import io.sideline.ee.RunStart;
import io.sideline.ee.Workflows;
import io.sideline.ee.model.Workflow;
import io.sideline.sample.records.ExecutionLog;
import io.sideline.sample.records.ExecutionRecord;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Starts workflow runs from their JSON tree and reports on them:
 * <pre>
 * POST /sample/api/workflows                  {"chain":[{"job":"Record","args":["T1"]}, ...]}  → 201 {"runId"}
 *      with an Idempotency-Key header: the same key again → 200 {"runId"} of the first run, nothing started;
 *      another workflow under the key → 422
 * GET  /sample/api/workflows/{runId}          → the run's status
 * GET  /sample/api/workflows/{runId}/records  → what its jobs recorded, in order of completion
 * GET  /sample/api/workflows/{runId}/memory   → the run's memory, one JSON object, keys sorted ({} once it expired
 *                                               or was cleared)
 * </pre>
 * A malformed tree is a 400 ({@link InvalidWorkflowMapper}), and so is a tree the library refuses to start (a queue
 * name outside {@code [A-Za-z0-9_.-]{1,64}}, the reserved job {@code sideline.noop}, delays adding up to more than
 * {@code sideline.run.max-age}) or a {@code Record} sleeping more than a minute ({@link SleepLimit}); a body over
 * 1 MiB is a 413 ({@link BodySizeLimit}); an unknown run a 404.
 */
@Path("workflows")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class WorkflowResource {

    @Inject
    Workflows workflows;

    @Inject
    ExecutionLog executionLog;

    @Context
    UriInfo uriInfo;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response run(@HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey, String workflowJson) {
        // a plain step, or {"workflow": <step>, "on_success": ..., "on_failure": ..., "on_complete": ...}
        Workflow workflow = workflows.parseWorkflow(workflowJson);
        Stream.of(workflow.root(), workflow.onSuccess(), workflow.onFailure(), workflow.onComplete())
                .filter(Objects::nonNull).forEach(SleepLimit::check);
        RunStart start = workflows.start(workflow, IdempotencyKeys.options(idempotencyKey));
        return IdempotencyKeys.response(start, uriInfo.getAbsolutePathBuilder().path(start.runId()).build());
    }

    @GET
    @Path("{runId}")
    public RunView status(@PathParam("runId") String runId) {
        return RunView.of(find(runId));
    }

    @GET
    @Path("{runId}/records")
    public List<ExecutionRecord> records(@PathParam("runId") String runId) {
        find(runId);
        return executionLog.list(runId);
    }

    @GET
    @Path("{runId}/memory")
    public Map<String, Object> memory(@PathParam("runId") String runId) {
        find(runId);
        return new TreeMap<>(workflows.memory().readAll(runId));
    }

    private RunStatus find(String runId) {
        return workflows.status(runId).orElseThrow(() -> new NotFoundException(
                ErrorBody.response(Response.Status.NOT_FOUND, "no run " + runId + " (never started, or expired)")));
    }

    /** The answer to a POST. */
    public record RunStarted(String runId) {
    }
}
