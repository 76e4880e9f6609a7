package io.sideline.ee.redis;

import io.sideline.ee.runtime.Plan;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.spi.JsonProvider;

/**
 * Writes a {@link Plan} in the form {@code apply_plan} in {@code _common.lua} reads:
 * {@code {"barriers":[{"id","count","propagate","continuation","root","run"}],"jobs":[{"q","d","p"}],
 * "chains":[{"id","steps":[...]}]}}.
 * Payloads and continuations travel as JSON strings, so Lua never re-encodes them (cjson would round
 * large numbers in job arguments).
 */
final class PlanEncoder {

    private static final JsonProvider JSON = JsonProvider.provider();

    private PlanEncoder() {
    }

    static String encode(Plan plan) {
        JsonArrayBuilder barriers = JSON.createArrayBuilder();
        for (Plan.BarrierSpec b : plan.barriers()) {
            barriers.add(JSON.createObjectBuilder()
                    .add("id", b.id())
                    .add("count", b.count())
                    .add("propagate", b.propagate() ? 1 : 0)
                    .add("continuation", b.continuation())
                    .add("root", b.root() ? 1 : 0)
                    .add("run", b.runId() == null ? "" : b.runId()));
        }
        JsonArrayBuilder jobs = JSON.createArrayBuilder();
        for (Plan.PlannedJob j : plan.jobs()) {
            jobs.add(JSON.createObjectBuilder().add("q", j.queue()).add("d", j.delayMs()).add("p", j.payload()));
        }
        JsonArrayBuilder chains = JSON.createArrayBuilder();
        for (Plan.ChainSpec c : plan.chains()) {
            JsonArrayBuilder steps = JSON.createArrayBuilder();
            c.steps().forEach(steps::add);
            chains.add(JSON.createObjectBuilder().add("id", c.id()).add("steps", steps));
        }
        return JSON.createObjectBuilder().add("barriers", barriers).add("jobs", jobs).add("chains", chains).build()
                .toString();
    }
}
