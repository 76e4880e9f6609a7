package io.sideline.ee.cdi;

import io.sideline.ee.RedisUnavailableException;
import io.sideline.ee.RunFinished;
import io.sideline.ee.RunOptions;
import io.sideline.ee.RunState;
import io.sideline.ee.RunStatus;
import io.sideline.ee.SidelineAdmin;
import io.sideline.ee.codec.ArgsJson;
import io.sideline.ee.codec.JsonData;
import io.sideline.ee.codec.WorkflowJson;
import io.sideline.ee.codec.WorkflowWrapper;
import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.model.Group;
import io.sideline.ee.model.Step;
import io.sideline.ee.model.Workflow;
import io.sideline.ee.runtime.RunEnd;
import io.sideline.ee.runtime.RunEnds;
import io.sideline.ee.runtime.RunStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Delivers one announced end of a run (see {@code RunEndLoop}): starts the callbacks that apply to it as a run of their
 * own, then fires {@link RunFinished}. Which callbacks apply, like Sidekiq's batch callbacks: {@code onComplete} at the
 * run's first end, however it ended; {@code onFailure} at its first end when FAILED; {@code onSuccess} when it
 * SUCCEEDED (also after a retry of a FAILED run). Those that apply run together, as a group, in the run
 * {@code <runId>:callbacks:<n>} for the run's n-th end, whose memory starts as a copy of the run's. Starting it
 * twice is refused by the launch (the run id exists), so a redelivered end starts its callbacks exactly once.
 */
@ApplicationScoped
public class RunEndDelivery {

    private static final Logger LOG = Logger.getLogger(RunEndDelivery.class.getName());

    @Inject
    SidelineConfig config;
    @Inject
    RunStore runs;
    @Inject
    RunEnds runEnds;
    @Inject
    WorkflowJson trees;
    @Inject
    ArgsJson json;
    @Inject
    RunMemory memory;
    @Inject
    WorkflowsBean workflows;
    @Inject
    SidelineAdmin admin;
    @Inject
    BeanManager beanManager;

    private volatile Boolean observed;

    /** What {@code cbs:<n>} holds when the callbacks of an end could not start (shown as FAILED). */
    public static final String FAILED_TO_START = "!";

    /** Delivers {@code end}; throws only when Redis failed (the end is then delivered again). */
    public void deliver(RunEnd end) {
        if (end.ofCallbacks()) {
            return; // a callback run has no callbacks and fires no event
        }
        startCallbacks(end);
        if (!observed()) {
            return; // no observer: the run's status is not even read
        }
        Optional<RunStatus> status = runs.status(end.runId());
        if (status.isPresent()) { // else expired: nothing left to tell
            fire(end, status.get());
        }
    }

    /**
     * Refuses an application that observes {@link RunFinished} under {@code sideline.barrier.type=at-most-once}: that
     * barrier's completion and failure paths do not announce the end of a run, so the event could never be promised.
     */
    void refuseUnderAtMostOnce() {
        if (config.barrierType() != SidelineConfig.BarrierType.ATOMIC && observed()) {
            throw new IllegalStateException("sideline: RunFinished observers need sideline.barrier.type=atomic: the "
                    + "at-most-once barrier's scripts do not announce the end of a run, so the event could never fire");
        }
    }

    /** Whether the application observes {@link RunFinished} (its observers are fixed at deployment). */
    boolean observed() {
        Boolean known = observed;
        if (known == null) {
            RunFinished probe = new RunFinished("", RunState.SUCCEEDED, 0, 0, 0, List.of(), 1);
            known = !beanManager.resolveObserverMethods(probe).isEmpty();
            observed = known;
        }
        return known;
    }

    private void startCallbacks(RunEnd end) {
        Optional<String> stored = runEnds.callbacks(end.runId());
        if (stored.isEmpty()) {
            return;
        }
        Workflow callbacks;
        try {
            callbacks = new WorkflowWrapper(trees).callbacksOf(stored.get(),
                    Group.of());
        } catch (RuntimeException e) {
            // a job renamed or removed since the launch: say so, never loop on it
            LOG.log(Level.SEVERE, "sideline: the callbacks of run " + end.runId() + " cannot be read; none run", e);
            runEnds.noteCallbacks(end.runId(), end.generation(), FAILED_TO_START);
            return;
        }
        List<Step> apply = new ArrayList<>();
        boolean first = end.generation() == 1;
        if (end.state() == RunState.SUCCEEDED && callbacks.onSuccess() != null) {
            apply.add(callbacks.onSuccess());
        }
        if (first && end.state() == RunState.FAILED && callbacks.onFailure() != null) {
            apply.add(callbacks.onFailure());
        }
        if (first && callbacks.onComplete() != null) {
            apply.add(callbacks.onComplete());
        }
        if (apply.isEmpty()) {
            runEnds.noteCallbacks(end.runId(), end.generation(), "-");
            return;
        }
        String callbacksRunId = end.callbacksRunId();
        Step root = apply.size() == 1 ? apply.get(0) : Group.of(apply.toArray(Step[]::new));
        if (runs.status(callbacksRunId).isEmpty()) {
            try {
                workflows.start(new Workflow(root), memoryOf(end.runId()), RunOptions.NONE, callbacksRunId);
            } catch (RedisUnavailableException e) {
                throw e; // delivered again: the start is refused if it did happen
            } catch (RuntimeException e) {
                if (runs.status(callbacksRunId).isEmpty()) {
                    // they cannot start (a job no longer registered, say): shown as FAILED, never retried in a loop
                    LOG.log(Level.SEVERE, "sideline: the callbacks of run " + end.runId() + " could not start", e);
                    runEnds.noteCallbacks(end.runId(), end.generation(), FAILED_TO_START);
                    return;
                } // else started by a delivery racing this one
            }
        }
        runEnds.noteCallbacks(end.runId(), end.generation(), callbacksRunId);
    }

    /** The run's memory, field to JSON text, to seed the callbacks' run with. */
    private Map<String, String> memoryOf(String runId) {
        Map<String, String> copy = new LinkedHashMap<>();
        memory.store().readAll(runId).forEach((field, value) -> copy.put(field, json.toJson(value)));
        return copy;
    }

    private void fire(RunEnd end, RunStatus status) {
        RunFinished event = new RunFinished(end.runId(), end.state(), status.jobsTotal(), status.jobsDone(),
                status.jobsFailed(), status.jobsFailed() > 0 ? failedJobs(end.runId()) : List.of(), end.generation());
        try {
            beanManager.getEvent().select(RunFinished.class).fire(event);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "sideline: an observer of RunFinished failed for run " + end.runId()
                    + "; the event counts as delivered", e);
        }
    }

    /** The dead jobs of the run, from its graph (empty when it has none stored). */
    private List<RunFinished.FailedJob> failedJobs(String runId) {
        List<RunFinished.FailedJob> dead = new ArrayList<>();
        admin.graph(runId).ifPresent(graph -> collectDead(JsonData.parseObject(graph), dead));
        return dead;
    }

    private static void collectDead(JsonValue node, List<RunFinished.FailedJob> dead) {
        if (node instanceof JsonObject object) {
            if (object.containsKey("job") && "dead".equals(object.getString("state", null))) {
                dead.add(new RunFinished.FailedJob(object.getString("jid", null), object.getString("job", null)));
                return;
            }
            object.values().forEach(child -> collectDead(child, dead));
        } else if (node instanceof JsonArray array) {
            array.forEach(child -> collectDead(child, dead));
        }
    }
}
