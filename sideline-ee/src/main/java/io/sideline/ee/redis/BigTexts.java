package io.sideline.ee.redis;

import io.sideline.ee.runtime.Continuation;
import io.sideline.ee.runtime.Lru;
import io.sideline.ee.runtime.Plan;
import io.sideline.ee.runtime.ScriptBudget;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.UnifiedJedis;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

/**
 * Keeps texts too long for a script call out of every script call (since 2026-12-05, session 15). A chain step or a
 * barrier's continuation is the text of a workflow tree: a step that is a group of 50,000 jobs is ~1.7 MB, and Redis
 * makes every script argument a Lua string, so one call carrying it took 12-22 ms (2-8 ms doing nothing else with
 * it), over the 10 ms bound (docs/performance.md, session 15), and every member of the group before it read the
 * continuation back into Lua. A text longer than {@value #LIMIT} characters is written first, in parts of that size,
 * by plain {@code HSET}s into its run's graph hash ({@code P nodes:<runId>}, fields {@code t:<id>:1..n}, given the
 * run's lease as a big run's tree already is, collected with the run), and the plan carries the reference
 * {@code @text:<runId>:<id>:<n>} in its place; {@link #resolve} reads it back whole where the text is used (the
 * continuation and the chain step read by {@link RedisBarrierStore}). The run's tree (the graph the dashboard draws)
 * goes the same way, in the parts {@link StagedPlans} writes for a staged run ({@code graph:1..n}, {@code @n}). Only while every worker reads such references
 * ({@link FleetGate}, {@code P processes:texts-in-parts}); otherwise a text travels as before.
 */
final class BigTexts {

    /** The longest text a script call carries as it is. */
    static final int LIMIT = 100_000;
    /** How a reference starts (a workflow tree's JSON never does). */
    static final String MARKER = "@text:";
    private static final String FIELD = "t:";
    /** Plans already written in parts, by identity: a group's members carry the same continuation plan. */
    private final Map<Identity, Plan> diverted = Lru.map(64);

    private final UnifiedJedis redis;
    private final RedisKeys keys;
    private final BooleanSupplier allowed;

    /** A plan by identity (a record's own hashCode would walk every job of it). */
    private record Identity(Plan plan) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Identity that && that.plan == plan;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(plan);
        }
    }

    BigTexts(UnifiedJedis redis, RedisKeys keys, BooleanSupplier allowed) {
        this.redis = redis;
        this.keys = keys;
        this.allowed = allowed;
    }

    /**
     * {@code plan} with each chain step and tree continuation longer than {@link #LIMIT} replaced by a reference, its
     * parts written first (with {@code leaseSeconds}); the same plan, unchanged, when it has no such text, has no run,
     * or the fleet cannot read references yet.
     */
    Plan divert(Plan plan, String runId, long leaseSeconds) {
        return asItIs(plan, runId) ? plan : written(plan, runId, leaseSeconds);
    }

    /** Whether a plan travels unchanged: it has no run, no long text, or the fleet cannot read references yet. */
    private boolean asItIs(Plan plan, String runId) {
        return runId == null || !hasBig(plan) || !allowed.getAsBoolean();
    }

    /**
     * {@link #divert} for a continuation every member of a group carries (at most {@link ScriptBudget#MAX_ELEMENTS}
     * elements): its parts are written once, by the first call that carries it.
     */
    Plan divertShared(Plan plan, String runId, long leaseSeconds) {
        if (asItIs(plan, runId)) {
            return plan;
        }
        Identity key = new Identity(plan);
        Plan done = diverted.get(key);
        if (done == null) {
            done = written(plan, runId, leaseSeconds);
            diverted.put(key, done);
        }
        return done;
    }

    private Plan written(Plan plan, String runId, long leaseSeconds) {
        List<String[]> parts = new ArrayList<>();
        List<Plan.ChainSpec> chains = new ArrayList<>(plan.chains().size());
        for (Plan.ChainSpec chain : plan.chains()) {
            List<String> steps = new ArrayList<>(chain.steps().size());
            chain.steps().forEach(step -> steps.add(reference(runId, step, parts)));
            chains.add(new Plan.ChainSpec(chain.id(), steps));
        }
        List<Plan.BarrierSpec> barriers = new ArrayList<>(plan.barriers().size());
        for (Plan.BarrierSpec b : plan.barriers()) {
            Continuation continuation = b.continuation() instanceof Continuation.Tree tree && tree.json().length() > LIMIT
                    ? new Continuation.Tree(reference(runId, tree.json(), parts)) : b.continuation();
            barriers.add(new Plan.BarrierSpec(b.id(), b.count(), b.propagate(), continuation, b.root(), b.runId(), b.node()));
        }
        Plan.Graph graph = plan.graph();
        if (graph != null && graph.json().length() > LIMIT) {
            // the run's tree, as StagedPlans writes a staged run's: fields graph:1..n, and "@n" in its place
            List<String> cut = StagedPlans.split(graph.json(), StagedPlans.GRAPH_PART_CHARS);
            for (int i = 0; i < cut.size(); i++) {
                parts.add(new String[] {StagedPlans.GRAPH_PART + (i + 1), cut.get(i)});
            }
            graph = new Plan.Graph(graph.runId(), "@" + cut.size());
        }
        String nodes = keys.nodes(runId);
        JedisErrors.call("store the long texts of run " + runId, () -> {
            try (AbstractPipeline pipeline = redis.pipelined()) {
                parts.forEach(p -> pipeline.hset(nodes, p[0], p[1]));
                pipeline.expire(nodes, leaseSeconds);
                pipeline.sync();
            }
            return null;
        });
        return new Plan(barriers, plan.jobs(), chains, plan.runQueues(), plan.onFailure(), graph, plan.callbacks());
    }

    /** Whether a plan carries a text longer than {@link #LIMIT}: a few length checks, nothing allocated. */
    static boolean hasBig(Plan plan) {
        if (plan.graph() != null && plan.graph().json().length() > LIMIT) {
            return true;
        }
        for (Plan.ChainSpec chain : plan.chains()) {
            for (String step : chain.steps()) {
                if (step.length() > LIMIT) {
                    return true;
                }
            }
        }
        for (Plan.BarrierSpec b : plan.barriers()) {
            if (b.continuation() instanceof Continuation.Tree tree && tree.json().length() > LIMIT) {
                return true;
            }
        }
        return false;
    }

    private static String reference(String runId, String text, List<String[]> parts) {
        if (text.length() <= LIMIT) {
            return text;
        }
        String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        List<String> cut = StagedPlans.split(text, LIMIT);
        for (int i = 0; i < cut.size(); i++) {
            parts.add(new String[] {FIELD + id + ":" + (i + 1), cut.get(i)});
        }
        return MARKER + runId + ":" + id + ":" + cut.size();
    }

    /**
     * The text a stored value stands for: itself, or for a reference the parts it names joined (null when any part is
     * gone: the run's graph expired with the run).
     */
    static String resolve(UnifiedJedis redis, RedisKeys keys, String stored) {
        if (stored == null || !stored.startsWith(MARKER)) {
            return stored;
        }
        String[] ref = stored.substring(MARKER.length()).split(":");
        if (ref.length != 3) {
            throw new IllegalStateException("not a text reference: " + stored);
        }
        int n = Integer.parseInt(ref[2]);
        String[] fields = new String[n];
        for (int i = 0; i < n; i++) {
            fields[i] = FIELD + ref[1] + ":" + (i + 1);
        }
        List<String> parts = JedisErrors.call("read a long text of run " + ref[0],
                () -> redis.hmget(keys.nodes(ref[0]), fields));
        StringBuilder text = new StringBuilder(n * LIMIT);
        for (String part : parts) {
            if (part == null) {
                return null;
            }
            text.append(part);
        }
        return text.toString();
    }
}
