package io.sideline.ee.runtime;

import io.sideline.ee.MissingBarrierException;
import io.sideline.ee.codec.JobPayload;
import io.sideline.ee.codec.TraceContext;
import io.sideline.ee.model.Step;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Prepares the completion of a finished job: for its callback stack, top first, the barrier ids and the
 * launch plan of the continuation the completion may start.
 *
 * <p>Only chain barriers have a continuation, and they never propagate; group barriers propagate and
 * have none, except a group that is a chain's step, whose barrier carries the chain's continuation itself
 * (since 2026-12-06, see {@link Planner}). The walk therefore ends at the first barrier with a continuation (or at
 * the run's root), and only that one continuation is planned. Continuations never change once written, so they are
 * cached; barriers created by this process are cached when their plan is applied.
 *
 * <p>The plan of a barrier's continuation is made once per process and reused by every member that completes
 * here: only the member that releases the barrier applies it (the barrier applies a plan at most once), so all
 * may carry the same one, and a group of n members costs one planning instead of n. A continuation's
 * {@code created_at} is therefore when this process first planned it.
 */
public final class Continuations {

    private static final Logger LOG = Logger.getLogger(Continuations.class.getName());

    /** Enough for every live barrier of a busy server; a miss costs one HGET. */
    private static final int CACHE_ENTRIES = 20_000;

    private final BarrierStore store;
    private final Function<String, Step> parseTree;
    private final Planner planner;
    /** Each barrier's continuation and the graph number of its first job node, one entry (one lock) per barrier. */
    private final Map<String, BarrierStore.Stored> cache = Lru.map(CACHE_ENTRIES);

    /** Plans of continuations not launched yet, by barrier id; a miss costs one planning. */
    private static final int PLAN_CACHE_ENTRIES = 1_024;
    private final Map<String, Plan> plans = Lru.map(PLAN_CACHE_ENTRIES);

    public Continuations(BarrierStore store, Function<String, Step> parseTree, Planner planner) {
        this(store, parseTree, planner, TraceLinks.NONE);
    }

    /** @param traceLinks where a traced group member leaves its span id for the continuation (tracing on only) */
    public Continuations(BarrierStore store, Function<String, Step> parseTree, Planner planner, TraceLinks traceLinks) {
        this.store = store;
        this.parseTree = parseTree;
        this.planner = planner;
        this.traceLinks = traceLinks;
    }

    private final TraceLinks traceLinks;

    private static final int CHAIN_CACHE_ENTRIES = 4_096;
    /**
     * Chains stored by this process, by id (see {@link Plan.ChainSpec}). A miss (a chain another process started,
     * or one evicted) reads the one step needed (LRANGE of that index), never the whole chain: a step of a chain of 10,000
     * costs the same as one of a chain of 2.
     */
    private final Map<String, List<String>> chains = Lru.map(CHAIN_CACHE_ENTRIES);

    /** Remembers the continuations of the barriers a plan creates, and the chains it stores. */
    public void remember(Plan plan) {
        for (Plan.BarrierSpec b : plan.barriers()) {
            cache.put(b.id(), new BarrierStore.Stored(b.continuation(), b.node(), b.count() > 1));
        }
        for (Plan.ChainSpec c : plan.chains()) {
            chains.put(c.id(), c.steps());
        }
    }

    /** The levels the completion of {@code payload} may walk, top of the stack first. */
    public List<CallbackLevel> levelsFor(JobPayload payload) {
        List<String> stack = payload.callbacks();
        List<CallbackLevel> levels = new ArrayList<>();
        for (int i = stack.size() - 1; i >= 0; i--) {
            String id = stack.get(i);
            Optional<BarrierStore.Stored> stored = stored(id);
            if (stored.isEmpty()) {
                levels.add(new CallbackLevel(id, null, i == 0)); // the barrier reports it missing
                break;
            }
            Continuation continuation = stored.get().continuation();
            boolean group = stored.get().group();
            if (continuation instanceof Continuation.None) {
                levels.add(new CallbackLevel(id, null, i == 0, group));
                continue;
            }
            // reached through a group: below one, or at a group's own barrier that carries a chain's continuation
            levels.add(new CallbackLevel(id, tracedPlanOf(id, continuation, payload.runId(),
                    stack.subList(0, i), group || !levels.isEmpty()), i == 0, group));
            break;
        }
        return levels;
    }

    /**
     * The plan of a barrier's continuation. A traced job that reached it through a group ({@code viaGroup}) first leaves
     * its span id beside the barrier, and the plan names the barrier, so the continuation's spans link to every member
     * that waited, not only to the one that released it. Tracing off: the plan, nothing else.
     */
    private Plan tracedPlanOf(String barrierId, Continuation continuation, String runId, List<String> callbacks,
                              boolean viaGroup) {
        TraceContext traced = TraceCarrier.current();
        if (traced == null || !viaGroup) {
            return planOf(barrierId, continuation, runId, callbacks);
        }
        try {
            traceLinks.add(barrierId, traced.links()); // before the completion: the successor reads it after the release
        } catch (RuntimeException refused) {
            // a span never fails a job: the successor then links to the member that released it only
            LOG.log(Level.FINE, "sideline: the span of a job could not be kept for its successor",
                    refused);
        }
        try (TraceCarrier.AutoCloseableNoThrow ignored = TraceCarrier.carry(traced.withLinkSet(barrierId))) {
            return planOf(barrierId, continuation, runId, callbacks);
        }
    }

    /** Forgets the plan of a barrier that was released: no completion will apply it again. */
    public void released(String barrierId) {
        plans.remove(barrierId);
    }

    private Plan planOf(String barrierId, Continuation continuation, String runId, List<String> callbacks) {
        // a traced plan links to the job completing now: each member plans its own (tracing on only)
        Plan cached = TraceCarrier.current() == null ? plans.get(barrierId) : null;
        if (cached != null) {
            return cached;
        }
        Plan plan;
        BarrierStore.Stored stored = cache.get(barrierId);
        int node = stored == null ? -1 : stored.node();
        if (continuation instanceof ChainRef ref) {
            plan = planner.planChainStep(runId, stepOf(barrierId, chainStep(barrierId, ref, runId)), ref, callbacks, node);
        } else if (continuation instanceof Continuation.Tree tree) {
            plan = planner.planContinuation(runId, stepOf(barrierId, tree.json()), callbacks, node);
        } else {
            throw new IllegalStateException("barrier " + barrierId + " has no continuation to plan: " + continuation);
        }
        plans.put(barrierId, plan);
        return plan;
    }

    private Step stepOf(String barrierId, String json) {
        boolean small = json.length() <= STEP_CACHE_MAX_CHARS;
        Step cached = small ? steps.get(json) : null;
        if (cached != null) {
            return cached;
        }
        Step step = Normalizer.normalize(parseTree.apply(json))
                .orElseThrow(() -> new IllegalStateException("barrier " + barrierId + " has an empty continuation"));
        if (small) {
            steps.put(json, step);
        }
        return step;
    }

    /** Continuation texts up to this long are kept parsed; a longer one is parsed each time it is planned. */
    private static final int STEP_CACHE_MAX_CHARS = 4_096;
    private static final int STEP_CACHE_ENTRIES = 256;
    /**
     * Parsed (normalized) continuation steps by their JSON text: the runs of one workflow share their steps' texts
     * (a chain's next job, a group's members), so each step is parsed once, not once per run. Steps are immutable.
     */
    private final Map<String, Step> steps = Lru.map(STEP_CACHE_ENTRIES);

    /** The JSON form of the chain step a barrier's continuation refers to. */
    private String chainStep(String barrierId, ChainRef ref, String runId) {
        List<String> steps = chains.get(ref.chainId());
        if (steps == null) {
            return store.chainStep(ref).orElseThrow(() -> new MissingBarrierException(barrierId
                    + " (its chain " + ref.chainId() + " no longer exists)", runId));
        }
        if (steps.size() != ref.steps()) {
            throw new IllegalStateException("chain " + ref.chainId() + " has " + steps.size() + " steps, barrier "
                    + barrierId + " expects " + ref.steps());
        }
        return steps.get(ref.index());
    }

    private Optional<BarrierStore.Stored> stored(String barrierId) {
        BarrierStore.Stored cached = cache.get(barrierId);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<BarrierStore.Stored> read = store.stored(barrierId);
        read.ifPresent(c -> cache.put(barrierId, c));
        return read;
    }
}
