package io.sideline.ee.cdi;

import io.sideline.ee.RunStatus;
import io.sideline.ee.Workflows;
import io.sideline.ee.codec.WorkflowJson;
import io.sideline.ee.model.Step;
import io.sideline.ee.runtime.Ids;
import io.sideline.ee.runtime.Normalizer;
import io.sideline.ee.runtime.Plan;
import io.sideline.ee.runtime.TreeCheck;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
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
        check = new TreeCheck(registry::knows, WorkflowJson.DEFAULT_MAX_DEPTH, WorkflowJson.DEFAULT_MAX_JOBS);
    }

    @Override
    public String run(Step root) {
        check.check(root);
        String runId = Ids.runId();
        Optional<Step> normalized = Normalizer.normalize(root);
        Plan plan = normalized.map(step -> runtime.planner().planRun(runId, step))
                .orElseGet(() -> new Plan(List.of(), List.of()));
        runtime.runs().launch(runId, plan, normalized.map(Step::jobCount).orElse(0));
        runtime.continuations().remember(plan);
        return runId;
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
