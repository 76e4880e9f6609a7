package io.sideline.ee.runtime;

/**
 * The most elements (jobs, barriers, chain steps, memory fields, runs) one script call of ours may write: a bigger
 * launch, release or bulk start is split into bounded steps (see docs/reliability.md, "How no script holds Redis
 * long"). The heaviest step per element is writing a stage chunk ({@code stage.lua}: about 12 us of Redis CPU per
 * element on this project's 2-core machine, 2026-12-04, with its drain about 6 us more), so 500 elements keep a call near
 * 6 ms, under the 10 ms aim with room for a busier Redis; a 1,000-element chunk took 10-13 ms. A workflow of up to 500
 * elements still starts in the one atomic call it always did.
 */
public final class ScriptBudget {

    /** Elements one script call may write. */
    public static final int MAX_ELEMENTS = 500;

    /**
     * Elements one stage chunk ({@code stage.lua}) writes: half of {@link #MAX_ELEMENTS}, as that chunk is the
     * heaviest call per element. At 500 the benchmark's 100,000-job group saw its longest chunk at 6.2-11.4 ms of
     * SLOWLOG wall time (2026-12-05, three runs; 200 chunks a run, the slowest caught in a stall of this box), over
     * the 10 ms bound; at 250 a chunk is ~3 ms of Redis CPU and leaves room for such a stall.
     */
    public static final int STAGE_ELEMENTS = 250;

    /**
     * What starting one run costs a launch script, in elements, beside its plan's own: its status hash, its places in
     * the run indexes, its graph, each with a TTL, and the decoding of its plan. Measured as Redis CPU on this
     * project's 2-core machine (2026-12-05, docs/performance.md): a one-job run's launch about 50-58 us, a wf14 run's
     * 85-105 us, a group11 run's 150-170 us (about 38 us a run plus 8 us a plan element, where a stage chunk's
     * element, which the budget is cut for, costs 12 us). 20 (2026-12-04, when a one-job run's launch measured
     * 110-140 us) left a {@code runAll} of one-job runs at ~23 runs and ~1.1 ms a call; 10 makes it ~41 runs, and a
     * call of any shape stays under the 6 ms of a 500-element stage chunk.
     */
    public static final int RUN_ELEMENTS = 10;

    private ScriptBudget() {
    }

    /**
     * Characters of text that weigh one element more: a job's payload, a chain step, a continuation. Redis makes every
     * script argument a Lua string and cjson decodes a plan char by char: 1.6 MB through one call took 2-19 ms
     * (2026-12-05, docs/performance.md), so a call's text is bounded with its elements: at most about 500,000
     * characters beside them. A usual payload (~400 characters) weighs 1, as before; one of 1 MiB (the default
     * {@code sideline.payload.max-bytes}) about 1,000, so it travels alone.
     */
    public static final int CHARS_PER_ELEMENT = 1_000;

    /** What an item carrying {@code text} weighs: 1, and 1 more per {@link #CHARS_PER_ELEMENT} characters. */
    public static int weight(String text) {
        return 1 + text.length() / CHARS_PER_ELEMENT;
    }

    /** What a barrier weighs: 1, and its continuation's text when that is a workflow tree. */
    public static int weight(Plan.BarrierSpec barrier) {
        return barrier.continuation() instanceof Continuation.Tree tree ? weight(tree.json()) : 1;
    }

    /** The elements a plan writes: its jobs, its barriers and the steps of its chains, each by its {@link #weight}. */
    public static int elements(Plan plan) {
        int elements = 0;
        for (Plan.ChainSpec chain : plan.chains()) {
            for (String step : chain.steps()) {
                elements += weight(step);
            }
        }
        for (Plan.BarrierSpec barrier : plan.barriers()) {
            elements += weight(barrier);
        }
        for (Plan.PlannedJob job : plan.jobs()) {
            elements += weight(job.payload());
        }
        return elements;
    }

    /** Whether a plan must be staged: it is more than one call may write (with {@code extra} other elements). */
    public static boolean tooBig(Plan plan, int extra) {
        return elements(plan) + extra > MAX_ELEMENTS;
    }
}
