package io.sideline.ee.cdi;

import io.sideline.ee.FailurePolicy;
import io.sideline.ee.InvalidWorkflowException;
import io.sideline.ee.RedisUnavailableException;
import io.sideline.ee.RunOptions;
import io.sideline.ee.RunStart;
import io.sideline.ee.RunState;
import io.sideline.ee.RunStatus;
import io.sideline.ee.StartOutcomeUnknownException;
import io.sideline.ee.WorkflowMemory;
import io.sideline.ee.Workflows;
import io.sideline.ee.codec.JsonData;
import io.sideline.ee.codec.WorkflowJson;
import io.sideline.ee.codec.WorkflowWrapper;
import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.model.Job;
import io.sideline.ee.model.Step;
import io.sideline.ee.model.Workflow;
import io.sideline.ee.runtime.Continuations;
import io.sideline.ee.runtime.JobCounters;
import io.sideline.ee.runtime.Normalizer;
import io.sideline.ee.runtime.Plan;
import io.sideline.ee.runtime.Planner;
import io.sideline.ee.runtime.RunStore;
import io.sideline.ee.runtime.ScriptBudget;
import io.sideline.ee.runtime.TreeCheck;
import io.sideline.ee.telemetry.Tracing;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import java.util.stream.IntStream;

/**
 * {@link Workflows} for injection. Running a workflow checks the tree, normalizes it, plans its first
 * jobs and writes them with the run's status in one atomic step. Inside a JTA transaction that write waits
 * for the commit (see {@link LaunchAfterCommit}); the ids are returned at once.
 */
@ApplicationScoped
public class WorkflowsBean implements Workflows {

    @Inject
    SidelineConfig config;
    @Inject
    Planner planner;
    @Inject
    RunStore runs;
    @Inject
    Continuations continuations;
    @Inject
    RunMemory runMemory;
    @Inject
    WorkflowJson trees;
    @Inject
    JobCounters counters;
    @Inject
    Tracing tracing;
    @Inject
    JobRegistry registry;
    @Inject
    Transactions transactions;

    private TreeCheck check;

    @PostConstruct
    void init() {
        check = new TreeCheck(registry.table()::knows, config.limits().maxDepth(), config.limits().maxJobs(),
                config.limits().maxRunAge().toMillis());
    }

    @Override
    public String run(Step root) {
        return run(root, Map.of(), RunOptions.NONE).runId();
    }

    @Override
    public RunStart start(Step root, RunOptions options) {
        return run(root, Map.of(), options);
    }

    /**
     * Starts a run whose memory is seeded with {@code memory} (field name to JSON text) in the same
     * atomic step, or just before it when the application brings its own memory. With an idempotency key, the
     * workflow and the memory make its digest.
     */
    RunStart run(Step root, Map<String, String> memory, RunOptions options) {
        return start(new Workflow(root), memory, options, runs.newRunId(options.idempotencyKey()));
    }

    @Override
    public String run(Workflow workflow) {
        return run(workflow, RunOptions.NONE);
    }

    @Override
    public String run(Workflow workflow, RunOptions options) {
        return start(workflow, options).runId();
    }

    @Override
    public RunStart start(Workflow workflow, RunOptions options) {
        return start(workflow, Map.of(), options, runs.newRunId(options.idempotencyKey()));
    }

    /**
     * Starts run {@code runId} of {@code workflow}; its callbacks, if any, are checked now and stored with the run, in
     * the same atomic step, to start when it ends (see {@code RunEndDelivery}).
     */
    RunStart start(Workflow workflow, Map<String, String> memory, RunOptions options,
                                  String runId) {
        Step root = workflow.root();
        check.check(root);
        String callbacks = null;
        if (workflow.hasCallbacks()) {
            if (config.barrierType() != SidelineConfig.BarrierType.ATOMIC) {
                throw new UnsupportedOperationException("callbacks need sideline.barrier.type=atomic: the at-most-once "
                        + "barrier's scripts do not announce the end of a run, so its callbacks could never start");
            }
            checkCallbacks(workflow);
            callbacks = wrapper().callbacksJson(workflow);
        }
        Optional<Step> normalized = Normalizer.normalize(root);
        Plan plan = policy(options, tracing.inRun(runId, () -> normalized.map(step -> planner.planRun(runId, step))
                .orElseGet(() -> new Plan(List.of(), List.of()))));
        if (callbacks != null) {
            if (ScriptBudget.tooBig(plan, memory.size() + 1)) {
                throw new InvalidWorkflowException("$.workflow", "a workflow with callbacks must start "
                        + "in one atomic step: its first jobs, barriers and chain steps must be at most "
                        + ScriptBudget.MAX_ELEMENTS + " elements, each counting one more per "
                        + ScriptBudget.CHARS_PER_ELEMENT + " characters of its text (put the big group behind a first job, "
                        + "or start it from a callback)");
            }
            plan = plan.withCallbacks(callbacks);
        }
        // the workflow's JSON form: for an idempotency key's digest, else only for a failed start's message
        Supplier<String> described = callbacks == null ? () -> toJson(root) : () -> toJson(workflow);
        // a template's input is part of what is started: same template, other input, other digest
        RunStore.Once once = !options.keyed() ? null : memory.isEmpty()
                ? RunStore.Once.of(options.idempotencyKey(), described.get())
                : RunStore.Once.of(options.idempotencyKey(), described.get() + new TreeMap<>(memory));
        Plan launched = plan;
        AtomicReference<String> holder = new AtomicReference<>(runId);
        startNowOrAfterCommit("run " + runId, () -> {
            Map<String, String> seeded = memory;
            if (!memory.isEmpty() && !runMemory.inRedis()) {
                Map<String, Object> values = new LinkedHashMap<>();
                memory.forEach((field, json) -> values.put(field, JsonData.parse(json)));
                runMemory.store().write(runId, values);
                seeded = Map.of();
            }
            // Its barriers are known before the write: a worker may take the first job before the launch returns,
            // and would otherwise read its barrier back from Redis (a round trip). An unused entry is harmless.
            continuations.remember(launched);
            // jobsTotal counts the tree's jobs; the no-op timers that carry delays of empty steps are not jobs.
            String held = runs.launch(runId, launched, root.jobCount(), seeded, once);
            holder.set(held);
            if (held.equals(runId)) {
                counters.startedRuns(1);
                countEmptySuccess(root.jobCount(), launched);
            }
        }, () -> "run " + runId + ": " + described.get());
        return new RunStart(holder.get(), !holder.get().equals(runId));
    }

    /**
     * Counts the success of a run that ended as it started (an empty workflow: no job in its tree, nothing planned,
     * as launch.lua decides): no completion ends it, so none counts it.
     */
    private void countEmptySuccess(long jobsTotal, Plan plan) {
        if (jobsTotal == 0 && plan.jobs().isEmpty()) {
            counters.runFinished(RunState.SUCCEEDED);
        }
    }

    /**
     * Writes a start now, or, inside a JTA transaction, when (and only if) it commits: everything before the
     * write (checks, planning, ids) has already happened, so a bad workflow still fails the call at once.
     */
    private void startNowOrAfterCommit(String what, Runnable write, Supplier<String> workflows) {
        if (transactions.active()) {
            transactions.afterCompletion(new LaunchAfterCommit(what, write, workflows, config.limits().txLaunchRetry()));
        } else {
            write.run();
        }
    }

    @Override
    public List<String> runAll(List<? extends Step> roots) {
        return runAll(roots, Collections.nCopies(roots.size(), RunOptions.NONE));
    }

    @Override
    public List<String> runAll(List<? extends Step> roots, List<RunOptions> options) {
        sameSize(roots, options);
        List<RunStore.Launch> launches = new ArrayList<>(roots.size());
        for (int i = 0; i < roots.size(); i++) {
            Step root = checkedAt(i, roots.get(i));
            String runId = runs.newRunId(options.get(i).idempotencyKey());
            Plan plan = policy(options.get(i), tracing.inRun(runId, () -> Normalizer.normalize(root)
                    .map(step -> planner.planRun(runId, step)).orElseGet(() -> new Plan(List.of(), List.of()))));
            launches.add(new RunStore.Launch(runId, plan, root.jobCount(), onceOf(options.get(i), root)));
        }
        List<String> runIds = launches.stream().map(RunStore.Launch::runId).toList();
        RepeatedKeys repeats = RepeatedKeys.of(launches.stream().map(RunStore.Launch::once).toList());
        List<RunStore.Launch> sent = repeats.firsts(launches);
        List<String> held = new ArrayList<>();
        AtomicInteger written = new AtomicInteger();
        startNowOrAfterCommit("runAll of " + launches.size() + " runs", () -> inBatches(sent, "runAll started", "runs", batch -> {
            batch.forEach(launch -> continuations.remember(launch.plan())); // before the write, as run()
            List<String> holders = runs.launchAllOnce(batch);
            for (int i = 0; i < batch.size(); i++) {
                if (holders.get(i).equals(batch.get(i).runId())) {
                    counters.startedRuns(1);
                    countEmptySuccess(batch.get(i).totalJobs(), batch.get(i).plan());
                }
            }
            held.addAll(holders);
        }, written, launch -> ScriptBudget.elements(launch.plan()) + ScriptBudget.RUN_ELEMENTS),
                () -> describe(runIds, roots));
        return repeats.spread(held.size() == sent.size() ? held : sent.stream().map(RunStore.Launch::runId).toList());
    }

    @Override
    public List<String> enqueueAll(List<Job> jobs) {
        return enqueueAll(jobs, Collections.nCopies(jobs.size(), RunOptions.NONE));
    }

    @Override
    public List<String> enqueueAll(List<Job> jobs, List<RunOptions> options) {
        sameSize(jobs, options);
        List<Plan.PlannedJob> planned = new ArrayList<>(jobs.size());
        List<String> jids = new ArrayList<>(jobs.size());
        List<RunStore.Once> onces = new ArrayList<>(jobs.size());
        for (int i = 0; i < jobs.size(); i++) {
            Job job = checkedAt(i, jobs.get(i));
            String jid = runs.newJid(options.get(i).idempotencyKey());
            planned.add(planner.planJob(job, jid));
            jids.add(jid);
            onces.add(onceOf(options.get(i), job));
        }
        RepeatedKeys repeats = RepeatedKeys.of(onces);
        List<Integer> sent = repeats.firsts(IntStream.range(0, jobs.size()).boxed().toList());
        List<String> held = new ArrayList<>();
        AtomicInteger written = new AtomicInteger();
        startNowOrAfterCommit("enqueueAll of " + jids.size() + " jobs", () -> inBatches(sent, "enqueueAll enqueued", "jobs",
                batch -> held.addAll(runs.enqueueJobsOnce(batch.stream().map(planned::get).toList(),
                        batch.stream().map(jids::get).toList(), batch.stream().map(onces::get).toList())),
                written, at -> ScriptBudget.weight(planned.get(at).payload())), () -> describe(jids, jobs));
        return repeats.spread(held.size() == sent.size() ? held : sent.stream().map(jids::get).toList());
    }

    /** The call's key with the digest of the workflow's JSON form (arguments included); null without a key. */
    private RunStore.Once onceOf(RunOptions options, Step step) {
        return options.keyed() ? RunStore.Once.of(options.idempotencyKey(), toJson(step)) : null;
    }

    /**
     * The launch plan with the run's failure policy: fail-fast (the default) writes nothing more. {@code continue}
     * needs the atomic barrier, whose completion counts the run's live jobs; the at-most-once barrier's does not.
     */
    private Plan policy(RunOptions options, Plan plan) {
        if (options.failurePolicy() != FailurePolicy.CONTINUE) {
            return plan;
        }
        if (config.barrierType() != SidelineConfig.BarrierType.ATOMIC) {
            throw new UnsupportedOperationException("FailurePolicy.CONTINUE needs sideline.barrier.type=atomic: the "
                    + "at-most-once barrier's completion does not count the run's live jobs, so the run could never end");
        }
        return plan.withOnFailure(FailurePolicy.CONTINUE.jsonName());
    }

    private static void sameSize(List<?> items, List<RunOptions> options) {
        if (items.size() != options.size()) {
            throw new IllegalArgumentException("one RunOptions per item: " + items.size() + " items, "
                    + options.size() + " options");
        }
    }

    /** Each id with its workflow's JSON form, one per line. */
    private String describe(List<String> ids, List<? extends Step> steps) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < ids.size(); i++) {
            text.append('\n').append(ids.get(i)).append(": ").append(toJson(steps.get(i)));
        }
        return text.toString();
    }

    /** Checks the {@code index}th workflow of a bulk call; a problem names its index in the path: {@code $[2].chain[1]}. */
    private <S extends Step> S checkedAt(int index, S step) {
        try {
            check.check(step);
            return step;
        } catch (InvalidWorkflowException e) {
            String problem = e.getMessage().substring(Math.min(e.getMessage().length(), e.path().length() + 2));
            throw new InvalidWorkflowException("$[" + index + "]" + e.path().substring(1), problem);
        }
    }

    /**
     * Writes {@code items} in batches of {@link #ITEMS_PER_BATCH}, from the {@code written}th item on, counting them
     * there: repeated after a Redis failure (a start after its transaction's commit is), it resumes with the first
     * batch not yet written. A Redis failure says how many went before it. A batch is cut early where its elements
     * ({@code weight}) would pass {@link io.sideline.ee.runtime.ScriptBudget#MAX_ELEMENTS}, so that each batch is one
     * bounded script call (an item bigger than that alone: it is written in steps).
     */
    private static <T> void inBatches(List<T> items, String done, String noun,
                                      Consumer<List<T>> write,
                                      AtomicInteger written,
                                      ToIntFunction<T> weight) {
        for (int from = written.get(), to; from < items.size(); from = written.addAndGet(to - from)) {
            to = from;
            for (int used = 0; to < items.size() && to - from < ITEMS_PER_BATCH; to++) {
                int size = weight.applyAsInt(items.get(to));
                if (to > from && used + size > ScriptBudget.MAX_ELEMENTS) {
                    break;
                }
                used += size;
            }
            try {
                write.accept(items.subList(from, to));
            } catch (StartOutcomeUnknownException e) {
                throw new StartOutcomeUnknownException(e.getMessage() + "; " + done + " the first " + from
                        + " of " + items.size() + " " + noun + "; the next ones were not started", e.ids(), e.getCause());
            } catch (RedisUnavailableException e) {
                throw new RedisUnavailableException(e.getMessage() + "; " + done + " the first " + from
                        + " of " + items.size() + " " + noun, e);
            }
        }
    }

    @Override
    public WorkflowMemory memory() {
        return runMemory.store();
    }

    @Override
    public Optional<RunStatus> status(String runId) {
        return runs.status(runId);
    }

    @Override
    public Step parse(String json) {
        return trees.parse(json);
    }

    @Override
    public String toJson(Step step) {
        return trees.format(step);
    }

    @Override
    public Workflow parseWorkflow(String json) {
        Workflow workflow = wrapper().parse(json);
        return workflow;
    }

    @Override
    public String toJson(Workflow workflow) {
        return wrapper().format(workflow);
    }

    private WorkflowWrapper wrapper() {
        return new WorkflowWrapper(trees);
    }

    /** Checks each callback as a workflow is checked; a problem names the callback in its path: {@code $.on_failure}. */
    private void checkCallbacks(Workflow workflow) {
        checkCallback("on_success", workflow.onSuccess());
        checkCallback("on_failure", workflow.onFailure());
        checkCallback("on_complete", workflow.onComplete());
    }

    private void checkCallback(String name, Step step) {
        if (step == null) {
            return;
        }
        try {
            check.check(step);
        } catch (InvalidWorkflowException e) {
            String problem = e.getMessage().substring(Math.min(e.getMessage().length(), e.path().length() + 2));
            throw new InvalidWorkflowException("$." + name + e.path().substring(1), problem);
        }
    }
}
