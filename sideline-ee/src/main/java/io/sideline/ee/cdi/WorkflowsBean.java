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
 * jobs and writes them with the run's status in one atomic step.
 */
@ApplicationScoped
public class WorkflowsBean implements Workflows {

    @Inject
    SidelineRuntime runtime;
    @Inject
    JobRegistry registry;

    private TreeCheck check;

    @PostConstruct
    void init() {
        check = new TreeCheck(registry::knows, runtime.config().maxDepth(), runtime.config().maxJobs());
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
        return runId;
    }

    @Override
    public List<String> runAll(List<? extends Step> roots) {
        List<RunStore.Launch> launches = new java.util.ArrayList<>(roots.size());
        for (int i = 0; i < roots.size(); i++) {
            Step root = roots.get(i);
            try {
                check.check(root);
            } catch (io.sideline.ee.InvalidWorkflowException e) {
                String problem = e.getMessage().substring(Math.min(e.getMessage().length(), e.path().length() + 2));
                throw new io.sideline.ee.InvalidWorkflowException("$[" + i + "]" + e.path().substring(1), problem);
            }
            String runId = Ids.runId();
            Plan plan = Normalizer.normalize(root).map(step -> runtime.planner().planRun(runId, step))
                    .orElseGet(() -> new Plan(List.of(), List.of()));
            launches.add(new RunStore.Launch(runId, plan, root.jobCount()));
        }
        for (int from = 0; from < launches.size(); from += RUN_ALL_BATCH) {
            List<RunStore.Launch> batch = launches.subList(from, Math.min(from + RUN_ALL_BATCH, launches.size()));
            try {
                runtime.runs().launchAll(batch);
            } catch (io.sideline.ee.RedisUnavailableException e) {
                throw new io.sideline.ee.RedisUnavailableException(e.getMessage() + "; runAll started the first "
                        + from + " of " + launches.size() + " runs", e);
            }
            batch.forEach(l -> runtime.continuations().remember(l.plan()));
        }
        return launches.stream().map(RunStore.Launch::runId).toList();
    }

    @Override
    public List<String> enqueueAll(List<io.sideline.ee.model.Job> jobs) {
        List<Plan.PlannedJob> planned = new java.util.ArrayList<>(jobs.size());
        List<String> jids = new java.util.ArrayList<>(jobs.size());
        for (int i = 0; i < jobs.size(); i++) {
            io.sideline.ee.model.Job job = jobs.get(i);
            try {
                check.check(job);
            } catch (io.sideline.ee.InvalidWorkflowException e) {
                String problem = e.getMessage().substring(Math.min(e.getMessage().length(), e.path().length() + 2));
                throw new io.sideline.ee.InvalidWorkflowException("$[" + i + "]" + e.path().substring(1), problem);
            }
            String jid = Ids.jid();
            planned.add(runtime.planner().planJob(job, jid));
            jids.add(jid);
        }
        for (int from = 0; from < planned.size(); from += RUN_ALL_BATCH) {
            List<Plan.PlannedJob> batch = planned.subList(from, Math.min(from + RUN_ALL_BATCH, planned.size()));
            try {
                runtime.runs().push(batch);
            } catch (io.sideline.ee.RedisUnavailableException e) {
                throw new io.sideline.ee.RedisUnavailableException(e.getMessage() + "; enqueueAll enqueued the first "
                        + from + " of " + planned.size() + " jobs", e);
            }
        }
        return jids;
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
