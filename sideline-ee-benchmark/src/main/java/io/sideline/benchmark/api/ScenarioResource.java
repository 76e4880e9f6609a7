package io.sideline.benchmark.api;

import io.sideline.benchmark.scenario.Scenarios;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * Runs one scenario in the server and answers with its figures when it is over (a full-size scenario takes
 * seconds: the caller's timeout must allow for it). The defaults are the full sizes of the benchmark.
 */
@Path("scenarios")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ScenarioResource {

    @Inject
    Scenarios scenarios;

    @POST
    @Path("noop")
    public JsonObject noop(@QueryParam("n") @DefaultValue("20000") int n,
                           @QueryParam("threads") @DefaultValue("8") int threads,
                           @QueryParam("mode") @DefaultValue("jobs") String mode) {
        return scenarios.noop(n, threads, Scenarios.NoopMode.valueOf(mode.toUpperCase(java.util.Locale.ROOT)));
    }

    @POST
    @Path("wf14")
    public JsonObject wf14(@QueryParam("w") @DefaultValue("1000") int w,
                           @QueryParam("threads") @DefaultValue("8") int threads) {
        return scenarios.wf14(w, threads);
    }

    @POST
    @Path("group11")
    public JsonObject group11(@QueryParam("w") @DefaultValue("1000") int w,
                              @QueryParam("threads") @DefaultValue("8") int threads) {
        return scenarios.group11(w, threads);
    }

    @POST
    @Path("latency")
    public JsonObject latency(@QueryParam("chains") @DefaultValue("10") int chains,
                              @QueryParam("steps") @DefaultValue("100") int steps) {
        return scenarios.latency(chains, steps);
    }

    @POST
    @Path("delay")
    public JsonObject delay(@QueryParam("n") @DefaultValue("1000") int n,
                            @QueryParam("minDelayMs") @DefaultValue("200") long minDelayMs,
                            @QueryParam("spreadMs") @DefaultValue("1000") long spreadMs,
                            @QueryParam("threads") @DefaultValue("8") int threads) {
        return scenarios.delay(n, minDelayMs, spreadMs, threads);
    }

    @POST
    @Path("big-group")
    public JsonObject bigGroup(@QueryParam("n") @DefaultValue("100000") int n,
                               @QueryParam("twice") @DefaultValue("false") boolean twice) {
        return scenarios.bigGroup(n, twice);
    }

    @POST
    @Path("payload")
    public JsonObject payload(@QueryParam("group") @DefaultValue("1000") int group,
                              @QueryParam("chain") @DefaultValue("10") int chain) {
        return scenarios.payload(group, chain);
    }
}
