package io.sideline.ee.cdi;

import io.sideline.ee.RunStatus;
import io.sideline.ee.WorkflowMemory;
import io.sideline.ee.Workflows;
import io.sideline.ee.codec.WorkflowJson;
import io.sideline.ee.model.Step;
import io.sideline.ee.runtime.Ids;
import io.sideline.ee.runtime.Normalizer;
import io.sideline.ee.runtime.RunStore;
import io.sideline.ee.runtime.Plan;
import io.sideline.ee.runtime.TreeCheck;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link Workflows} for injection. Running a workflow checks the tree, normalizes it, plans its first
 * jobs and writes them with the run's status in one atomic step. Inside a JTA transaction that write waits
 * for the commit (see {@link LaunchAfterCommit}); the ids are returned at once.
 */
@ApplicationScoped
public class WorkflowsBean implements Workflows {

    @Inject
    SidelineRuntime runtime;
    @Inject
    JobRegistry registry;
    @Inject
    Transactions transactions;

    private TreeCheck check;

    @PostConstruct
    void init() {
        check = new TreeCheck(registry::knows, runtime.config().maxDepth(), runtime.config().maxJobs(),
                runtime.config().maxRunAge().toMillis());
    }

    @Override
    public String run(Step root) {
        return run(root, Map.of());
    }

    /**
     * Starts a run whose memory is seeded with {@code memory} (field name to JSON text) in the same
     * atomic step, or just before it when the application brings its own memory.
     */
    String run(Step root, Map<String, String> memory) {
        check.check(root);
        String runId = Ids.runId();
        Optional<Step> normalized = Normalizer.normalize(root);
        Plan plan = normalized.map(step -> runtime.planner().planRun(runId, step))
                .orElseGet(() -> new Plan(List.of(), List.of()));
        startNowOrAfterCommit("run " + runId, () -> {
            Map<String, String> seeded = memory;
            if (!memory.isEmpty() && !runtime.memoryInRedis()) {
                Map<String, Object> values = new java.util.LinkedHashMap<>();
                memory.forEach((field, json) -> values.put(field, io.sideline.ee.codec.JsonData.parse(json)));
                runtime.memory().write(runId, values);
                seeded = Map.of();
            }
            // jobsTotal counts the tree's jobs; the no-op timers that carry delays of empty steps are not jobs.
            runtime.runs().launch(runId, plan, root.jobCount(), seeded);
            runtime.continuations().remember(plan);
        }, () -> "run " + runId + ": " + toJson(root));
        return runId;
    }

    /**
     * Writes a start now, or, inside a JTA transaction, when (and only if) it commits: everything before the
     * write (checks, planning, ids) has already happened, so a bad workflow still fails the call at once.
     */
    private void startNowOrAfterCommit(String what, Runnable write, java.util.function.Supplier<String> workflows) {
        if (transactions.active()) {
            transactions.afterCompletion(new LaunchAfterCommit(what, write, workflows, runtime.config().txLaunchRetry()));
        } else {
            write.run();
        }
    }

    @Override
    public List<String> runAll(List<? extends Step> roots) {
        List<RunStore.Launch> launches = new java.util.ArrayList<>(roots.size());
        for (int i = 0; i < roots.size(); i++) {
            Step root = checkedAt(i, roots.get(i));
            String runId = Ids.runId();
            Plan plan = Normalizer.normalize(root).map(step -> runtime.planner().planRun(runId, step))
                    .orElseGet(() -> new Plan(List.of(), List.of()));
            launches.add(new RunStore.Launch(runId, plan, root.jobCount()));
        }
        List<String> runIds = launches.stream().map(RunStore.Launch::runId).toList();
        java.util.concurrent.atomic.AtomicInteger written = new java.util.concurrent.atomic.AtomicInteger();
        startNowOrAfterCommit("runAll of " + launches.size() + " runs", () -> inBatches(launches, "runAll started", "runs", batch -> {
            runtime.runs().launchAll(batch);
            batch.forEach(l -> runtime.continuations().remember(l.plan()));
        }, written), () -> describe(runIds, roots));
        return runIds;
    }

    @Override
    public List<String> enqueueAll(List<io.sideline.ee.model.Job> jobs) {
        List<Plan.PlannedJob> planned = new java.util.ArrayList<>(jobs.size());
        List<String> jids = new java.util.ArrayList<>(jobs.size());
        for (int i = 0; i < jobs.size(); i++) {
            io.sideline.ee.model.Job job = checkedAt(i, jobs.get(i));
            String jid = Ids.jid();
            planned.add(runtime.planner().planJob(job, jid));
            jids.add(jid);
        }
        java.util.concurrent.atomic.AtomicInteger written = new java.util.concurrent.atomic.AtomicInteger();
        startNowOrAfterCommit("enqueueAll of " + jids.size() + " jobs",
                () -> inBatches(planned, "enqueueAll enqueued", "jobs", runtime.runs()::push, written), () -> describe(jids, jobs));
        return jids;
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
        } catch (io.sideline.ee.InvalidWorkflowException e) {
            String problem = e.getMessage().substring(Math.min(e.getMessage().length(), e.path().length() + 2));
            throw new io.sideline.ee.InvalidWorkflowException("$[" + index + "]" + e.path().substring(1), problem);
        }
    }

    /**
     * Writes {@code items} in batches of {@link #RUN_ALL_BATCH}, from the {@code written}th item on, counting them
     * there: repeated after a Redis failure (a start after its transaction's commit is), it resumes with the first
     * batch not yet written. A Redis failure says how many went before it.
     */
    private static <T> void inBatches(List<T> items, String done, String noun,
                                      java.util.function.Consumer<List<T>> write,
                                      java.util.concurrent.atomic.AtomicInteger written) {
        for (int from = written.get(); from < items.size(); from = written.addAndGet(RUN_ALL_BATCH)) {
            try {
                write.accept(items.subList(from, Math.min(from + RUN_ALL_BATCH, items.size())));
            } catch (io.sideline.ee.RedisUnavailableException e) {
                throw new io.sideline.ee.RedisUnavailableException(e.getMessage() + "; " + done + " the first " + from
                        + " of " + items.size() + " " + noun, e);
            }
        }
    }

    @Override
    public WorkflowMemory memory() {
        return runtime.memory();
    }

    @Override
    public Optional<RunStatus> status(String runId) {
        return runtime.runs().status(runId);
    }

    @Override
    public Step parse(String json) {
        return runtime.trees().parse(json);
    }

    @Override
    public String toJson(Step step) {
        return runtime.trees().format(step);
    }
}
