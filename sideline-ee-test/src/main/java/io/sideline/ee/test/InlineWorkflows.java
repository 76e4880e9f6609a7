package io.sideline.ee.test;

import io.sideline.ee.RunState;
import io.sideline.ee.RunStatus;
import io.sideline.ee.WorkflowMemory;
import io.sideline.ee.Workflows;
import io.sideline.ee.cdi.DirectJobs;
import io.sideline.ee.cdi.JobRegistry;
import io.sideline.ee.codec.WorkflowJson;
import io.sideline.ee.model.Chain;
import io.sideline.ee.model.Group;
import io.sideline.ee.model.Job;
import io.sideline.ee.model.Step;
import io.sideline.ee.model.WithDelay;
import io.sideline.ee.model.Workflow;
import io.sideline.ee.runtime.Normalizer;
import io.sideline.ee.runtime.TreeCheck;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import jakarta.validation.Validation;
import jakarta.validation.Validator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * {@link Workflows} in inline mode (Sidekiq's {@code Testing.inline!}): {@code run} performs the whole tree on
 * the calling thread, in DAG order (a chain's steps one after another, a group's steps in their order), before it
 * returns. Jobs are bound, hydrated (the run's memory, then the job's arguments: arguments win) and validated by
 * the library's own code ({@link DirectJobs}); their outputs go to an in-JVM run memory. Delays are not waited
 * for but recorded ({@link #skippedDelays}). A failing job stops the run: {@code run} throws
 * {@link InlineJobFailedException} and the run's status is FAILED. No Redis is used.
 *
 * <p>An alternative with a priority: {@link InlineSideline} adds it, and it then wins over the library's
 * {@code Workflows} wherever the application injects one.
 */
@Alternative
@Priority(Interceptor.Priority.APPLICATION + 1000)
@ApplicationScoped
public class InlineWorkflows implements Workflows {

    @Inject
    JobRegistry registry;
    @Inject
    BeanManager beans;
    @Inject
    Instance<Validator> validators;

    private final InlineMemory memory = new InlineMemory();
    private final Map<String, RunStatus> runs = new ConcurrentHashMap<>();
    private final Map<String, List<SkippedDelay>> delays = new ConcurrentHashMap<>();
    private DirectJobs jobs;
    private TreeCheck check;
    private WorkflowJson json;

    @PostConstruct
    void init() {
        Validator validator = validators.isResolvable() ? validators.get()
                : Validation.buildDefaultValidatorFactory().getValidator();
        jobs = new DirectJobs(registry, beans, memory, validator);
        check = new TreeCheck(registry::knows, WorkflowJson.DEFAULT_MAX_DEPTH, WorkflowJson.DEFAULT_MAX_JOBS);
        json = new WorkflowJson(registry::knows, WorkflowJson.DEFAULT_MAX_DEPTH, WorkflowJson.DEFAULT_MAX_JOBS);
    }

    @PreDestroy
    void close() throws Exception {
        json.close();
        jobs.close();
    }

    /**
     * Performs every job of {@code root} now, on this thread.
     *
     * @throws io.sideline.ee.InvalidWorkflowException when the tree names an unknown job (nothing ran)
     * @throws InlineJobFailedException                when a job failed (the jobs before it ran)
     */
    @Override
    public String run(Step root) {
        return run(root, Map.of());
    }

    /**
     * Performs {@code workflow}'s root now, then, as the engine does at a run's first end, the callbacks that apply:
     * {@code onSuccess} (SUCCEEDED) or {@code onFailure} (FAILED), then {@code onComplete}, in the run
     * {@code <runId>:callbacks:1}, whose memory starts as a copy of the run's. Their outcome shows beside the run's
     * state ({@link RunStatus#callbacks()}) and never changes it; a failing callback is not thrown (on the engine it
     * is a run of its own), a failing root still is, after its callbacks ran.
     *
     * @throws io.sideline.ee.InvalidWorkflowException when the root or a callback names an unknown job (nothing ran)
     * @throws InlineJobFailedException                when a job of the root failed
     */
    @Override
    public String run(Workflow workflow) {
        if (!workflow.hasCallbacks()) {
            return run(workflow.root());
        }
        check.check(workflow.root());
        Stream.of(workflow.onSuccess(), workflow.onFailure(), workflow.onComplete())
                .filter(Objects::nonNull).forEach(check::check);
        String runId;
        InlineJobFailedException failure = null;
        try {
            runId = run(workflow.root());
        } catch (InlineJobFailedException e) {
            runId = e.runId();
            failure = e;
        }
        List<Step> apply = new ArrayList<>();
        if (failure == null && workflow.onSuccess() != null) {
            apply.add(workflow.onSuccess());
        }
        if (failure != null && workflow.onFailure() != null) {
            apply.add(workflow.onFailure());
        }
        if (workflow.onComplete() != null) {
            apply.add(workflow.onComplete());
        }
        if (!apply.isEmpty()) {
            Step callbacks = apply.size() == 1 ? apply.get(0) : Group.of(apply.toArray(Step[]::new));
            RunState outcome = RunState.SUCCEEDED;
            try {
                run(callbacks, memory.readAll(runId), runId + CALLBACK_RUN);
            } catch (InlineJobFailedException e) {
                outcome = RunState.FAILED;
            }
            RunState shown = outcome;
            runs.computeIfPresent(runId, (id, s) -> new RunStatus(s.runId(), s.state(), s.jobsTotal(), s.jobsDone(),
                    s.jobsFailed(), s.startedAt(), s.finishedAt(), s.progressAt(), s.stalled(), s.failureReason(),
                    s.unservedQueues(), s.hungJobs(), shown));
        }
        if (failure != null) {
            throw failure;
        }
        return runId;
    }

    /** The id suffix of the run of a run's callbacks, as the engine names it (its first end). */
    private static final String CALLBACK_RUN = ":callbacks:1";

    /** Runs {@code root} with its memory seeded with {@code seed} (a template's input). */
    String run(Step root, Map<String, Object> seed) {
        return run(root, seed, UUID.randomUUID().toString());
    }

    private String run(Step root, Map<String, Object> seed, String runId) {
        check.check(root);
        Run run = new Run(runId, root.jobCount());
        runs.put(runId, run.status(RunState.RUNNING));
        delays.put(runId, new ArrayList<>());
        if (!seed.isEmpty()) {
            memory.write(runId, seed);
        }
        try {
            perform(run, root, "$", 0);
        } catch (InlineJobFailedException e) {
            run.failed++;
            runs.put(runId, run.status(RunState.FAILED));
            throw e;
        }
        runs.put(runId, run.status(RunState.SUCCEEDED));
        return runId;
    }

    /** Runs each root in turn; the first failure stops the call (the runs before it completed). */
    @Override
    public List<String> runAll(List<? extends Step> roots) {
        roots.forEach(check::check); // like the engine: every workflow is checked before any runs
        return roots.stream().map(this::run).toList();
    }

    /** Performs each job on its own (no run: no status, no memory) and returns made-up job ids. */
    @Override
    public List<String> enqueueAll(List<Job> toPerform) {
        toPerform.forEach(check::check);
        List<String> jids = new ArrayList<>();
        for (Job job : toPerform) {
            String jid = UUID.randomUUID().toString();
            invoke(null, jid, job, "$");
            jids.add(jid);
        }
        return jids;
    }

    @Override
    public Optional<RunStatus> status(String runId) {
        return Optional.ofNullable(runs.get(runId));
    }

    @Override
    public Step parse(String text) {
        return json.parse(text);
    }

    @Override
    public String toJson(Step step) {
        return json.format(step);
    }

    @Override
    public WorkflowMemory memory() {
        return memory;
    }

    /** The library's direct job calls, shared with {@link InlineTemplates}. */
    DirectJobs jobs() {
        return jobs;
    }

    /** The delays of a run that were not waited for, in the order the jobs ran. */
    public List<SkippedDelay> skippedDelays(String runId) {
        return List.copyOf(delays.getOrDefault(runId, List.of()));
    }

    /** A run in progress: its counters. */
    private static final class Run {
        final String id;
        final long total;
        final Instant startedAt = Instant.now();
        long done;
        long failed;
        Instant progressAt = startedAt;

        Run(String id, long total) {
            this.id = id;
            this.total = total;
        }

        RunStatus status(RunState state) {
            return new RunStatus(id, state, total, done, failed, startedAt,
                    state == RunState.RUNNING ? null : Instant.now(), progressAt, false);
        }
    }

    /**
     * Performs {@code step} after {@code delayMs} (skipped and recorded) and returns the delay still owed to what
     * follows: an empty step passes its delay on, as the engine's no-op timers do.
     */
    private long perform(Run run, Step step, String path, long delayMs) {
        if (step instanceof Job job) {
            if (delayMs > 0) {
                delays.get(run.id).add(new SkippedDelay(job, path, delayMs));
            }
            if (!Normalizer.NOOP_JOB.equals(job.name())) {
                invoke(run.id, UUID.randomUUID().toString(), job, path);
            }
            run.done++;
            run.progressAt = Instant.now();
            runs.put(run.id, run.status(RunState.RUNNING));
            return 0;
        }
        if (step instanceof WithDelay delayed) {
            return perform(run, delayed.step(), path + ".step", delayMs + delayed.delayMs());
        }
        if (step instanceof Chain chain) {
            long owed = delayMs;
            for (int i = 0; i < chain.steps().size(); i++) {
                owed = perform(run, chain.steps().get(i), path + ".chain[" + i + "]", owed);
            }
            return owed;
        }
        if (step instanceof Group group) {
            long owed = group.steps().isEmpty() ? delayMs : 0;
            boolean anyJob = false;
            for (int i = 0; i < group.steps().size(); i++) {
                Step member = group.steps().get(i);
                long left = perform(run, member, path + ".group[" + i + "]", delayMs);
                anyJob |= member.jobCount() > 0;
                owed = Math.max(owed, left);
            }
            return anyJob ? 0 : owed;
        }
        throw Step.unknown(step);
    }

    private void invoke(String runId, String jid, Job job, String path) {
        InlineJobContext.open(new InlineJobContext.Current(runId, jid, job.name()));
        try {
            Map<String, Object> output = jobs.perform(runId, job);
            if (runId != null && !output.isEmpty()) {
                memory.write(runId, output);
            }
        } catch (Exception e) {
            throw new InlineJobFailedException(runId, job.name(), path, e);
        } finally {
            InlineJobContext.close();
        }
    }
}
