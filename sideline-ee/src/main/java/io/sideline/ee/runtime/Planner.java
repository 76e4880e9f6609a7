package io.sideline.ee.runtime;

import io.sideline.ee.PayloadTooLargeException;
import io.sideline.ee.codec.ArgsJson;
import io.sideline.ee.codec.JobPayload;
import io.sideline.ee.codec.PayloadCodec;
import io.sideline.ee.codec.Utf8;
import io.sideline.ee.model.Chain;
import io.sideline.ee.model.Group;
import io.sideline.ee.model.Job;
import io.sideline.ee.model.Step;
import io.sideline.ee.model.WithDelay;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Decides what launching a (normalized) step writes: dramatiq-workflow's run algorithm. A chain creates a
 * barrier of 1 for its head whose continuation is the rest of the chain; a group creates a barrier of n
 * for its members, which propagates to the callback below it when released; a delay adds up down to the
 * first jobs; a job becomes a payload carrying the callback stack. The last step of a chain needs no
 * barrier of its own: it simply carries the chain's callbacks. A chain step that is a group (of more than one
 * member) has one barrier, not two: the group's barrier of n carries the continuation itself, where dramatiq-workflow
 * stacks the group's barrier on a chain barrier of 1 that holds it (the same release, one key, one stack level and
 * two declared keys per member's completion less; since 2026-12-06 session 17).
 */
public final class Planner {

    private final Function<Step, String> formatTree;
    private final ArgsJson args;
    private final PayloadCodec payloads;
    private final String defaultQueue;
    private final LongSupplier clock;
    private final int maxPayloadBytes;
    private final Function<String, String> jobQueues;

    public Planner(Function<Step, String> formatTree, ArgsJson args, PayloadCodec payloads, String defaultQueue,
                   LongSupplier clock, int maxPayloadBytes) {
        this(formatTree, args, payloads, defaultQueue, clock, maxPayloadBytes, name -> null);
    }

    /**
     * @param jobQueues a job name's own queue ({@code @SidelineJob(queue)}), or null when it names none: used for
     *                  a job whose workflow step names no queue
     */
    public Planner(Function<Step, String> formatTree, ArgsJson args, PayloadCodec payloads, String defaultQueue,
                   LongSupplier clock, int maxPayloadBytes, Function<String, String> jobQueues) {
        this.jobQueues = jobQueues;
        this.maxPayloadBytes = maxPayloadBytes;
        this.formatTree = formatTree;
        this.args = args;
        this.payloads = payloads;
        this.defaultQueue = defaultQueue;
        this.clock = clock;
    }

    /**
     * Refuses a step any of whose jobs would get a payload over the limit. {@link #planRun} calls it for the
     * jobs that start later, from continuations; those it places itself it measures as it encodes them.
     */
    private void checkPayloads(Step step) {
        if (step instanceof Job job) {
            if (surelyFits(job)) {
                return;
            }
            payload("check", job, List.of(Ids.barrierId(), Ids.barrierId(), Ids.barrierId()), 0, Ids.jid(),
                    Integer.MAX_VALUE); // the longest node number a payload can carry
        } else if (step instanceof WithDelay delay) {
            checkPayloads(delay.step());
        } else if (step instanceof Chain chain) {
            chain.steps().forEach(this::checkPayloads);
        } else if (step instanceof Group group) {
            group.steps().forEach(this::checkPayloads);
        } else {
            throw Step.unknown(step);
        }
    }

    /**
     * Room, in bytes, for everything of a check's payload but the job's name, arguments and queue: the field names, the
     * jid, two times, the retry fields, the run id "check", three barrier ids and the node number take about 300.
     */
    private static final int CHECK_FIXED_BYTES = 1_024;

    /**
     * Whether the payload {@link #checkPayloads} would write for {@code job} is certainly within the limit, found from
     * its parts' lengths without writing it (a run's later jobs are checked at every launch): a quoted char takes at
     * most 6 bytes (a control char, escaped), a char of the arguments' JSON at most 3. A traced payload is always written.
     */
    private boolean surelyFits(Job job) {
        if (TraceCarrier.current() != null) {
            return false;
        }
        long bound = CHECK_FIXED_BYTES + 6L * (job.name().length() + queueOf(job).length())
                + 3L * args.toJsonArray(job.args()).length();
        return bound <= maxPayloadBytes;
    }

    /**
     * The plan that starts a run: the run's root barrier, then the root step under it. Refuses, before anything
     * is written, a workflow any of whose jobs (including those that start later) would get a payload over the
     * limit.
     */
    public Plan planRun(String runId, Step normalizedRoot) {
        Plan.Builder out = new Plan.Builder();
        String root = Ids.barrierId(runId);
        out.barrier(new Plan.BarrierSpec(root, 1, false, Continuation.NONE, true, runId));
        out.graph(new Plan.Graph(runId, formatTree.apply(normalizedRoot)));
        place(runId, normalizedRoot, List.of(root), 0, out, true, new int[] {0});
        return out.build().withRunQueues(queuesOf(normalizedRoot, new TreeSet<>()));
    }

    /** The queues of every job of a step: a run's status names those that no live worker serves. */
    private Set<String> queuesOf(Step step, Set<String> into) {
        if (step instanceof Job job) {
            into.add(queueOf(job));
        } else if (step instanceof WithDelay delay) {
            queuesOf(delay.step(), into);
        } else if (step instanceof Chain chain) {
            chain.steps().forEach(s -> queuesOf(s, into));
        } else if (step instanceof Group group) {
            group.steps().forEach(s -> queuesOf(s, into));
        } else {
            throw Step.unknown(step);
        }
        return into;
    }

    /** A job on its own, outside any run, with this job id: no run id, no callbacks, enqueued now. */
    public Plan.PlannedJob planJob(Job job, String jid) {
        return new Plan.PlannedJob(queueOf(job), 0, payload(null, job, List.of(), 0, jid, null), null);
    }

    /** The plan that launches a continuation with the callbacks (bottom first) that remain below it. */
    public Plan planContinuation(String runId, Step normalizedStep, List<String> callbacks) {
        return planContinuation(runId, normalizedStep, callbacks, -1);
    }

    /** @param node the graph number of the step's first job node (-1: not known, its jobs are not placed) */
    public Plan planContinuation(String runId, Step normalizedStep, List<String> callbacks, int node) {
        Plan.Builder out = new Plan.Builder();
        place(runId, normalizedStep, callbacks, 0, out, false, node < 0 ? null : new int[] {node});
        return out.build();
    }

    /**
     * The number of job nodes in a normalized step: the graph numbers its job nodes in document order, so a step's
     * nodes are its first node's number and the next {@code jobCount - 1}.
     */
    static int jobCount(Step step) {
        if (step instanceof Job) {
            return 1;
        } else if (step instanceof WithDelay delay) {
            return jobCount(delay.step());
        } else if (step instanceof Chain chain) {
            return jobCount(chain.steps());
        } else if (step instanceof Group group) {
            return jobCount(group.steps());
        }
        throw Step.unknown(step);
    }

    /** The job nodes of some steps (a loop, not a stream: planning a chain's step counts them). */
    private static int jobCount(List<Step> steps) {
        int count = 0;
        for (Step step : steps) {
            count += jobCount(step);
        }
        return count;
    }

    /**
     * @param checkLater whether to check the payloads of the jobs that continuations will start
     * @param next       the graph number of the next job node placed (advanced as jobs are placed), or null when
     *                   not known
     */
    private void place(String runId, Step step, List<String> callbacks, long delayMs, Plan.Builder out,
                       boolean checkLater, int[] next) {
        if (step instanceof Job job) {
            String jid = Ids.jid();
            Plan.PlannedJob.Node node = next == null || runId == null ? null
                    : new Plan.PlannedJob.Node(runId, next[0]++, jid);
            out.job(new Plan.PlannedJob(queueOf(job), delayMs,
                    payload(runId, job, callbacks, delayMs, jid, node == null ? null : node.index()), node));
        } else if (step instanceof WithDelay delay) {
            place(runId, delay.step(), callbacks, delayMs + delay.delayMs(), out, checkLater, next);
        } else if (step instanceof Chain chain) {
            placeChain(runId, chain.steps(), callbacks, delayMs, out, checkLater, next);
        } else if (step instanceof Group group) {
            placeGroup(runId, group.steps(), callbacks, delayMs, out, checkLater, next);
        } else {
            throw Step.unknown(step);
        }
    }

    private void placeChain(String runId, List<Step> steps, List<String> callbacks, long delayMs, Plan.Builder out,
                            boolean checkLater, int[] next) {
        requireNormalized(steps);
        if (steps.size() == 1) {
            place(runId, steps.get(0), callbacks, delayMs, out, checkLater, next);
            return;
        }
        List<Step> rest = steps.subList(1, steps.size());
        if (checkLater) {
            rest.forEach(this::checkPayloads);
        }
        Continuation continuation;
        if (rest.size() == 1) {
            continuation = new Continuation.Tree(formatTree.apply(rest.get(0)));
        } else {
            // stored once; each barrier of the chain names its next step by index
            String chainId = Ids.barrierId(runId);
            out.chain(new Plan.ChainSpec(chainId, rest.stream().map(formatTree).toList()));
            continuation = new ChainRef(chainId, 0, rest.size());
        }
        int restNode = next == null ? -1 : next[0] + jobCount(steps.get(0));
        placeStep(runId, steps.get(0), continuation, restNode, callbacks, delayMs, out, checkLater, next);
        if (next != null) {
            next[0] = restNode + jobCount(rest);
        }
    }

    /**
     * The plan that launches the step a {@link ChainRef} names, with the callbacks (bottom first) below the
     * chain: when it is not the chain's last step, under a barrier of its own that refers to the next step.
     */
    public Plan planChainStep(String runId, Step normalizedStep, ChainRef ref, List<String> callbacks) {
        return planChainStep(runId, normalizedStep, ref, callbacks, -1);
    }

    /** @param node the graph number of the step's first job node (-1: not known) */
    public Plan planChainStep(String runId, Step normalizedStep, ChainRef ref, List<String> callbacks, int node) {
        Plan.Builder out = new Plan.Builder();
        int[] next = node < 0 ? null : new int[] {node};
        if (ref.last()) {
            place(runId, normalizedStep, callbacks, 0, out, false, next);
        } else {
            placeStep(runId, normalizedStep, ref.next(), node < 0 ? -1 : node + jobCount(normalizedStep), callbacks, 0,
                    out, false, next);
        }
        return out.build();
    }

    /**
     * Places a chain step that is not the chain's last under a barrier whose release launches the rest of the chain
     * ({@code continuation}, its first job node {@code restNode}): a barrier of 1 above the step's own, or, for a
     * group of more than one member, the group's own barrier of n, which then carries the continuation and does not
     * propagate (a chain's barrier never does: the continuation's jobs carry the callbacks below).
     */
    private void placeStep(String runId, Step step, Continuation continuation, int restNode, List<String> callbacks,
                           long delayMs, Plan.Builder out, boolean checkLater, int[] next) {
        String id = Ids.barrierId(runId);
        if (step instanceof Group group && group.steps().size() > 1) {
            out.barrier(new Plan.BarrierSpec(id, group.steps().size(), false, continuation, false, runId, restNode));
            placeMembers(runId, group.steps(), push(callbacks, id), delayMs, out, checkLater, next);
            return;
        }
        out.barrier(new Plan.BarrierSpec(id, 1, false, continuation, false, runId, restNode));
        place(runId, step, push(callbacks, id), delayMs, out, checkLater, next);
    }

    private void placeGroup(String runId, List<Step> steps, List<String> callbacks, long delayMs, Plan.Builder out,
                            boolean checkLater, int[] next) {
        requireNormalized(steps);
        if (steps.size() == 1) {
            place(runId, steps.get(0), callbacks, delayMs, out, checkLater, next);
            return;
        }
        String id = Ids.barrierId(runId);
        out.barrier(new Plan.BarrierSpec(id, steps.size(), true, Continuation.NONE, false, runId));
        placeMembers(runId, steps, push(callbacks, id), delayMs, out, checkLater, next);
    }

    private void placeMembers(String runId, List<Step> members, List<String> memberCallbacks, long delayMs,
                              Plan.Builder out, boolean checkLater, int[] next) {
        for (Step member : members) {
            place(runId, member, memberCallbacks, delayMs, out, checkLater, next);
        }
    }

    private String payload(String runId, Job job, List<String> callbacks, long delayMs, String jid, Integer node) {
        long now = clock.getAsLong();
        String queue = queueOf(job);
        String payload = payloads.encode(JobPayload.builder(job.name(), args.toJsonArray(job.args()), jid, queue)
                .createdAt(now).enqueuedAt(delayMs == 0 ? now : null).run(runId, callbacks)
                .trace(TraceCarrier.current()).node(node).build());
        if (Utf8.longerThan(payload, maxPayloadBytes)) { // Redis stores UTF-8: the key counts bytes, not chars
            throw new PayloadTooLargeException(job.name(), Utf8.length(payload), maxPayloadBytes);
        }
        return payload;
    }

    private String queueOf(Job job) {
        if (job.queue() != null) {
            return job.queue();
        }
        String own = jobQueues.apply(job.name());
        return own == null ? defaultQueue : own;
    }

    private static List<String> push(List<String> callbacks, String id) {
        List<String> stack = new ArrayList<>(callbacks.size() + 1);
        stack.addAll(callbacks);
        stack.add(id);
        return stack;
    }

    private static void requireNormalized(List<Step> steps) {
        if (steps.isEmpty()) {
            throw new IllegalStateException("the planner only takes normalized trees (no empty chains or groups)");
        }
    }
}
