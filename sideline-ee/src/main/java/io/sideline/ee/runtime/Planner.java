package io.sideline.ee.runtime;

import io.sideline.ee.PayloadTooLargeException;
import io.sideline.ee.codec.ArgsJson;
import io.sideline.ee.codec.JobPayload;
import io.sideline.ee.codec.PayloadCodec;
import io.sideline.ee.model.Chain;
import io.sideline.ee.model.Group;
import io.sideline.ee.model.Job;
import io.sideline.ee.model.Step;
import io.sideline.ee.model.WithDelay;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Decides what launching a (normalized) step writes: dramatiq-workflow's run algorithm. A chain creates a
 * barrier of 1 for its head whose continuation is the rest of the chain; a group creates a barrier of n
 * for its members, which propagates to the callback below it when released; a delay adds up down to the
 * first jobs; a job becomes a payload carrying the callback stack. The last step of a chain needs no
 * barrier of its own: it simply carries the chain's callbacks.
 */
public final class Planner {

    private final Function<Step, String> formatTree;
    private final ArgsJson args;
    private final PayloadCodec payloads;
    private final String defaultQueue;
    private final LongSupplier clock;
    private final int maxPayloadChars;

    public Planner(Function<Step, String> formatTree, ArgsJson args, PayloadCodec payloads, String defaultQueue,
                   LongSupplier clock, int maxPayloadChars) {
        this.maxPayloadChars = maxPayloadChars;
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
            payload("check", job, java.util.List.of(Ids.barrierId(), Ids.barrierId(), Ids.barrierId()), 0);
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
     * The plan that starts a run: the run's root barrier, then the root step under it. Refuses, before anything
     * is written, a workflow any of whose jobs (including those that start later) would get a payload over the
     * limit.
     */
    public Plan planRun(String runId, Step normalizedRoot) {
        Plan.Builder out = new Plan.Builder();
        String root = Ids.barrierId();
        out.barrier(new Plan.BarrierSpec(root, 1, false, Continuation.NONE, true, runId));
        place(runId, normalizedRoot, List.of(root), 0, out, true);
        return out.build();
    }

    /** A job on its own, outside any run, with this job id: no run id, no callbacks, enqueued now. */
    public Plan.PlannedJob planJob(Job job, String jid) {
        return new Plan.PlannedJob(queueOf(job), 0, payload(null, job, List.of(), 0, jid));
    }

    /** The plan that launches a continuation with the callbacks (bottom first) that remain below it. */
    public Plan planContinuation(String runId, Step normalizedStep, List<String> callbacks) {
        Plan.Builder out = new Plan.Builder();
        place(runId, normalizedStep, callbacks, 0, out, false);
        return out.build();
    }

    /** @param checkLater whether to check the payloads of the jobs that continuations will start */
    private void place(String runId, Step step, List<String> callbacks, long delayMs, Plan.Builder out,
                       boolean checkLater) {
        if (step instanceof Job job) {
            out.job(new Plan.PlannedJob(queueOf(job), delayMs, payload(runId, job, callbacks, delayMs)));
        } else if (step instanceof WithDelay delay) {
            place(runId, delay.step(), callbacks, delayMs + delay.delayMs(), out, checkLater);
        } else if (step instanceof Chain chain) {
            placeChain(runId, chain.steps(), callbacks, delayMs, out, checkLater);
        } else if (step instanceof Group group) {
            placeGroup(runId, group.steps(), callbacks, delayMs, out, checkLater);
        } else {
            throw Step.unknown(step);
        }
    }

    private void placeChain(String runId, List<Step> steps, List<String> callbacks, long delayMs, Plan.Builder out,
                            boolean checkLater) {
        requireNormalized(steps);
        if (steps.size() == 1) {
            place(runId, steps.get(0), callbacks, delayMs, out, checkLater);
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
            String chainId = Ids.barrierId();
            out.chain(new Plan.ChainSpec(chainId, rest.stream().map(formatTree).toList()));
            continuation = new ChainRef(chainId, 0, rest.size());
        }
        String id = Ids.barrierId();
        out.barrier(new Plan.BarrierSpec(id, 1, false, continuation, false, runId));
        place(runId, steps.get(0), push(callbacks, id), delayMs, out, checkLater);
    }

    /**
     * The plan that launches the step a {@link ChainRef} names, with the callbacks (bottom first) below the
     * chain: when it is not the chain's last step, under a barrier of its own that refers to the next step.
     */
    public Plan planChainStep(String runId, Step normalizedStep, ChainRef ref, List<String> callbacks) {
        Plan.Builder out = new Plan.Builder();
        if (ref.last()) {
            place(runId, normalizedStep, callbacks, 0, out, false);
        } else {
            String id = Ids.barrierId();
            out.barrier(new Plan.BarrierSpec(id, 1, false, ref.next(), false, runId));
            place(runId, normalizedStep, push(callbacks, id), 0, out, false);
        }
        return out.build();
    }

    private void placeGroup(String runId, List<Step> steps, List<String> callbacks, long delayMs, Plan.Builder out,
                            boolean checkLater) {
        requireNormalized(steps);
        if (steps.size() == 1) {
            place(runId, steps.get(0), callbacks, delayMs, out, checkLater);
            return;
        }
        String id = Ids.barrierId();
        out.barrier(new Plan.BarrierSpec(id, steps.size(), true, Continuation.NONE, false, runId));
        List<String> memberCallbacks = push(callbacks, id);
        for (Step member : steps) {
            place(runId, member, memberCallbacks, delayMs, out, checkLater);
        }
    }

    private String payload(String runId, Job job, List<String> callbacks, long delayMs) {
        return payload(runId, job, callbacks, delayMs, Ids.jid());
    }

    private String payload(String runId, Job job, List<String> callbacks, long delayMs, String jid) {
        long now = clock.getAsLong();
        String queue = queueOf(job);
        String payload = payloads.encode(JobPayload.builder(job.name(), args.toJsonArray(job.args()), jid, queue)
                .createdAt(now).enqueuedAt(delayMs == 0 ? now : null).run(runId, callbacks)
                .trace(TraceCarrier.current()).build());
        if (payload.length() > maxPayloadChars) {
            throw new PayloadTooLargeException(job.name(), payload.length(), maxPayloadChars);
        }
        return payload;
    }

    private String queueOf(Job job) {
        return job.queue() == null ? defaultQueue : job.queue();
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
