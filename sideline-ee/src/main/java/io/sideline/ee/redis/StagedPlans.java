package io.sideline.ee.redis;

import io.sideline.ee.RedisUnavailableException;
import io.sideline.ee.redis.ScriptArgs.Memory;
import io.sideline.ee.redis.ScriptArgs.RunLaunch;
import io.sideline.ee.redis.ScriptArgs.StageChunk;
import io.sideline.ee.redis.ScriptArgs.Ttls;
import io.sideline.ee.redis.ScriptReplies.StageCheck;
import io.sideline.ee.redis.ScriptReplies.Started;
import io.sideline.ee.runtime.Plan;
import io.sideline.ee.runtime.ScriptBudget;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Logger;

/**
 * Writes plans too big for one bounded script call ({@link ScriptBudget}) in steps, keeping what one atomic call
 * guaranteed. A plan is staged in chunks (stage.lua: barriers, chains, and its jobs into the stage's own list, none
 * enqueued), sealed by its last chunk, committed by one small call (launch_staged.lua for a run's start, the
 * barrier's release in complete.lua for a continuation), then drained onto the queues in chunks (drain.lua). Hence:
 * <ul>
 *   <li>before the commit no job of it can run; a stager that dies leaves a stage the recovery drops once its lease
 *       ({@value #LEASE_MS} ms without a chunk) is over; a stager outliving its lease is fenced by its token;</li>
 *   <li>the commit is one step with the run's start (its status, its idempotency record) or with the barrier's
 *       release, so a run is visible as started only once all of it will run, and a continuation is committed
 *       once, however often its releasing job is delivered;</li>
 *   <li>after the commit every job is enqueued exactly once: each chunk moves jobs out of the stage in the same
 *       step as it enqueues them, by the committer or, should it die, by any server's recovery
 *       ({@link #recover}, run by the stall detector).</li>
 * </ul>
 */
public final class StagedPlans {

    private static final Logger LOG = Logger.getLogger(StagedPlans.class.getName());

    /** How long a stage may go without a chunk before the recovery may drop it (or another stager take it over). */
    static final long LEASE_MS = 30_000;
    /**
     * A run tree longer than this (characters) is stored in parts beside the stage's chunks, not in its first chunk:
     * a 100,000-job tree of several megabytes held {@code stage.lua} for 30-40 ms (benchmark {@code big_group}).
     */
    static final int GRAPH_PART_CHARS = 100_000;
    /** The graph hash's fields holding the parts of a tree stored in parts; the {@code graph} field then says {@code @n}. */
    static final String GRAPH_PART = "graph:";
    /** Stages the recovery looks at per pass. */
    private static final int RECOVER_LIMIT = 100;

    private final StageScripts scripts;
    /** Writes a plan's long texts in parts before its chunks carry it ({@link BigTexts}). */
    private final RedisScripts texts;
    private final long barrierTtlSeconds;
    private final int maxElements;
    private final int stageElements;
    private final long leaseMs;

    public StagedPlans(RedisScripts scripts, long barrierTtlSeconds) {
        this(scripts, barrierTtlSeconds, LEASE_MS);
    }

    /** With another lease (tests recover at once). */
    StagedPlans(RedisScripts scripts, long barrierTtlSeconds, long leaseMs) {
        this.scripts = new StageScripts(scripts);
        this.texts = scripts;
        this.barrierTtlSeconds = barrierTtlSeconds;
        this.maxElements = ScriptBudget.MAX_ELEMENTS;
        this.stageElements = ScriptBudget.STAGE_ELEMENTS;
        this.leaseMs = leaseMs;
    }

    /** The stage of a run's start. */
    static String launchStageId(String runId) {
        return "run-" + runId;
    }

    /** The stage of a barrier's continuation (one per barrier: a barrier is released once). */
    static String releaseStageId(String barrierId) {
        return "release-" + barrierId;
    }

    /**
     * Starts a run whose plan is too big for one call: stages it, commits it with the run's start, then drains it.
     * A failure before the commit started nothing (the stage is dropped by the recovery); once committed, the run
     * will run whole even if draining fails here (the recovery drains the rest).
     */
    Started launch(RunLaunch run, Ttls ttls, Memory seed) {
        String stageId = launchStageId(run.runId());
        String token = UUID.randomUUID().toString();
        if (!stage(stageId, token, run.plan())) {
            throw new IllegalStateException("stage " + stageId + " of a new run was already staged");
        }
        Started started = scripts.launchStaged(run, stageId, token, ttls, seed);
        if (started.recorded().get(0) == null) {
            drainQuietly(stageId);
        }
        return started;
    }

    /**
     * Stages the continuation of a barrier before the release that commits it; false when another stager did
     * (it is sealed or committed already). Waits while another live stager is at it.
     */
    boolean stageRelease(String barrierId, Plan plan) {
        String stageId = releaseStageId(barrierId);
        long deadline = System.nanoTime() + Duration.ofMillis(leaseMs).toNanos() * 2;
        while (true) {
            try {
                return stage(stageId, UUID.randomUUID().toString(), plan);
            } catch (Busy busy) {
                if (System.nanoTime() > deadline) {
                    throw new RedisUnavailableException("another server keeps staging the continuation of barrier "
                            + barrierId + "; the job will be retried", null);
                }
                LockSupport.parkNanos(20_000_000L);
            }
        }
    }

    /** Drains a committed stage onto the queues: its remaining jobs, at most one bounded chunk per call. */
    void drain(String stageId) {
        Set<String> queues = scripts.queuesOf(stageId);
        long left;
        do {
            left = scripts.drain(stageId, maxElements, queues);
        } while (left > 0);
    }

    /** {@link #drain} that leaves a Redis failure to the recovery: the stage is committed, its jobs will run. */
    void drainQuietly(String stageId) {
        try {
            drain(stageId);
        } catch (RedisUnavailableException e) {
            LOG.warning(() -> "sideline: enqueueing the staged jobs of " + stageId + " stopped (" + e.getMessage()
                    + "); the stall detector of any server finishes it");
        }
    }

    /**
     * One pass of the recovery: drains every committed stage (one whose committer died) and drops every stage not
     * committed whose lease is over. Returns the number of stages it finished or dropped.
     */
    public int recover() {
        int done = 0;
        for (String stageId : scripts.stages(RECOVER_LIMIT)) {
            StageCheck check = scripts.discard(stageId, leaseMs);
            if (check == StageCheck.COMMITTED) {
                drain(stageId);
                done++;
            } else if (check == StageCheck.DROPPED) {
                LOG.info(() -> "sideline: dropped " + stageId + ", staged by a caller that stopped before committing it"
                        + " (none of its jobs ran)");
                done++;
            }
        }
        return done;
    }

    /** Stages a plan under a token, sealing it with its last chunk; false when chunk 1 found it staged already. */
    private boolean stage(String stageId, String token, Plan plan) {
        List<Plan> chunks = PlanChunks.split(inParts(texts.carried(plan, runOf(plan), barrierTtlSeconds)), stageElements);
        for (int i = 0; i < chunks.size(); i++) {
            ScriptReplies.StageChunk reply = scripts.stage(new StageChunk(stageId, token, i + 1,
                    i == chunks.size() - 1, chunks.get(i)), barrierTtlSeconds, leaseMs);
            switch (reply) {
                case OK -> { }
                case DONE -> {
                    return false;
                }
                case BUSY -> throw new Busy();
                case FENCED -> throw new IllegalStateException("stage " + stageId + " was taken over after "
                        + leaseMs + " ms without a chunk; nothing of this attempt will run");
            }
        }
        return true;
    }

    /**
     * A plan whose run tree is too long for one call, with the tree written in parts first and the first chunk
     * storing only {@code @<parts>} in its place ({@link RedisRunGraph} joins them); other plans as they are. The
     * parts are written before any chunk, so a run is never committed without its tree; a stager that dies leaves
     * them under the lease, as its chunks.
     */
    private Plan inParts(Plan plan) {
        Plan.Graph graph = plan.graph();
        if (graph == null || graph.json().length() <= GRAPH_PART_CHARS) {
            return plan;
        }
        List<String> parts = split(graph.json(), GRAPH_PART_CHARS);
        scripts.storeGraphParts(graph.runId(), parts, barrierTtlSeconds);
        return new Plan(plan.barriers(), plan.jobs(), plan.chains(), plan.runQueues(), plan.onFailure(),
                new Plan.Graph(graph.runId(), "@" + parts.size()), plan.callbacks());
    }

    /** The run a plan belongs to: its tree's, or its barriers' (null for neither). */
    private static String runOf(Plan plan) {
        if (plan.graph() != null) {
            return plan.graph().runId();
        }
        return plan.barriers().isEmpty() ? null : plan.barriers().get(0).runId();
    }

    /** Cuts text into parts of at most {@code size} characters, never between the two halves of a surrogate pair. */
    static List<String> split(String text, int size) {
        List<String> parts = new ArrayList<>();
        int from = 0;
        while (from < text.length()) {
            int to = Math.min(text.length(), from + size);
            if (to < text.length() && Character.isHighSurrogate(text.charAt(to - 1))) {
                to--;
            }
            parts.add(text.substring(from, to));
            from = to;
        }
        return parts;
    }

    /** Another stager is within its lease. */
    private static final class Busy extends RuntimeException {
        Busy() {
            super(null, null, false, false);
        }
    }
}
