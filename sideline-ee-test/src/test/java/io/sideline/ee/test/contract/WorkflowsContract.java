package io.sideline.ee.test.contract;

import io.sideline.ee.InvalidInputException;
import io.sideline.ee.InvalidWorkflowException;
import io.sideline.ee.RunState;
import io.sideline.ee.RunStatus;
import io.sideline.ee.Templates;
import io.sideline.ee.UnknownTemplateException;
import io.sideline.ee.Violation;
import io.sideline.ee.Workflows;
import io.sideline.ee.engine.TypedJobs;
import io.sideline.ee.model.Step;
import io.sideline.ee.test.DagAssert;
import io.sideline.ee.test.Execution;
import io.sideline.ee.test.ExecutionLog;
import io.sideline.ee.test.RandomWorkflows;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.sideline.ee.Sideline.chain;
import static io.sideline.ee.Sideline.group;
import static io.sideline.ee.Sideline.job;
import static io.sideline.ee.Sideline.withDelay;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@link Workflows} does for every feature inline mode claims: chains in order, groups, nested trees,
 * delays, memory between steps, typed hydration (memory, then arguments: arguments win), validation of inputs and
 * outputs, failing jobs. One subclass runs it against the real engine on a private Redis, one against inline mode;
 * where the two differ by design (a delay is waited for or recorded), the subclass states how.
 */
public abstract class WorkflowsContract {

    /** Long enough that inline mode visibly does not wait for it, short enough for the engine's test. */
    protected static final long DELAY_MS = 1_000;

    /** A run that has ended: its id and final status. */
    protected record Ended(String runId, RunStatus status, Instant submittedAt) {
    }

    /** The container under test (the subclass starts one per test). */
    protected abstract WeldContainer container();

    /** Runs {@code root} and returns once it has ended, whether it succeeded or failed. */
    protected abstract Ended runToEnd(Step root);

    /** Runs the template {@code name} and returns once its run has ended. */
    protected abstract Ended runTemplateToEnd(String name, Map<String, Object> params);

    /** Asserts how a step delayed by {@link #DELAY_MS} after {@code before} was treated. */
    protected abstract void assertDelay(Ended run, Step root, List<Execution> executions);

    protected Templates templates() {
        return container().select(Templates.class).get();
    }

    protected Workflows workflows() {
        return container().select(Workflows.class).get();
    }

    protected List<Execution> executions(Ended run) {
        return container().select(ExecutionLog.class).get().of(run.runId());
    }

    private Ended succeeded(Step root) {
        Ended run = runToEnd(root);
        assertEquals(RunState.SUCCEEDED, run.status().state(), "the run should succeed: " + run.status());
        assertEquals(root.jobCount(), run.status().jobsDone(), "every job is done");
        return run;
    }

    private Ended failed(Step root) {
        Ended run = runToEnd(root);
        assertEquals(RunState.FAILED, run.status().state(), "the run should fail: " + run.status());
        assertEquals(1, run.status().jobsFailed(), "one job failed");
        return run;
    }

    private static Step rec(String label) {
        return job("Rec", label);
    }

    @Test
    void aChainRunsItsStepsOneAfterAnother() {
        Step tree = chain(rec("A"), rec("B"), rec("C"));
        Ended run = succeeded(tree);
        List<Execution> executions = executions(run);
        DagAssert.forWorkflow(tree).check(executions);
        assertEquals(List.of("A", "B", "C"), executions.stream().map(Execution::label).toList());
    }

    @Test
    void aGroupRunsEachMemberOnceBetweenItsNeighbours() {
        Step tree = chain(rec("A"), group(rec("B"), rec("C"), rec("D")), rec("E"));
        DagAssert.forWorkflow(tree).check(executions(succeeded(tree)));
    }

    @Test
    void nestedRandomTreesRunInTheirDagOrder() {
        for (long seed = 1; seed <= 4; seed++) {
            Step tree = RandomWorkflows.seeded(seed, label -> job("Rec", label), 0).next(12);
            Ended run = runToEnd(tree);
            assertEquals(RunState.SUCCEEDED, run.status().state(), "seed " + seed + ": " + tree);
            DagAssert.forWorkflow(tree).check(executions(run));
        }
    }

    @Test
    void aDelayedStepStartsAfterItsPredecessor() {
        Step tree = chain(rec("A"), withDelay(rec("B"), DELAY_MS));
        Ended run = succeeded(tree);
        List<Execution> executions = executions(run);
        DagAssert.forWorkflow(tree).ignoringDelays().check(executions);
        assertDelay(run, tree, executions);
    }

    @Test
    void outputsGoToTheRunsMemoryForLaterSteps() {
        Ended run = succeeded(chain(job("Remember", Map.of("name", "Ada")), job("Greet"), job("Shout")));
        Map<String, Object> memory = workflows().memory().readAll(run.runId());
        assertEquals("Hello, Ada", memory.get("message"), "Greet's typed output, its input hydrated from memory");
        assertEquals("HELLO, ADA", memory.get("shout"), "Shout's input hydrated from Greet's output");
    }

    @Test
    void aJobsArgumentsWinOverTheRunsMemory() {
        Ended run = succeeded(chain(job("Remember", Map.of("name", "Ada", "greeting", "Hi")),
                job("Greet", Map.of("greeting", "Good morning"))));
        Map<String, Object> memory = workflows().memory().readAll(run.runId());
        assertEquals("Good morning, Ada", memory.get("message"), "greeting from the arguments, name from memory");
        assertEquals("Hi", memory.get("greeting"), "the argument is not written back to memory");
    }

    @Test
    void anInvalidInputFailsTheRunAndNothingAfterItRuns() {
        Ended run = failed(chain(rec("A"), job("Greet", Map.of("greeting", "Hi")), rec("C")));
        assertEquals(List.of("A"), executions(run).stream().map(Execution::label).toList());
        assertEquals(null, workflows().memory().readAll(run.runId()).get("message"));
    }

    @Test
    void anInvalidOutputFailsTheRun() {
        Ended run = failed(chain(job("BadOutput", Map.of("name", "Ada")), rec("C")));
        assertEquals(List.of(), executions(run));
        assertEquals(Map.of(), workflows().memory().readAll(run.runId()), "an invalid output is not written");
    }

    @Test
    void aFailingJobFailsTheRunAndStopsItsChain() {
        Ended run = failed(chain(rec("A"), job("Boom", "B"), rec("C")));
        assertEquals(List.of("A"), executions(run).stream().map(Execution::label).toList());
        assertEquals(1, run.status().jobsDone());
    }

    @Test
    void anUnknownJobIsRefusedBeforeAnythingRuns() {
        InvalidWorkflowException refused = assertThrows(InvalidWorkflowException.class,
                () -> workflows().run(chain(rec("A"), job("NoSuchJob"))));
        assertTrue(refused.getMessage().contains("NoSuchJob"), refused.getMessage());
        assertEquals(List.of(), container().select(ExecutionLog.class).get().all());
    }

    @Test
    void aTemplateRunsWithItsValidatedInputInTheRunsMemory() {
        templates().register("greeting", TypedJobs.GreetInput.class, in -> chain(job("Greet"), job("Shout")));
        Ended run = runTemplateToEnd("greeting", Map.of("name", "Ada"));
        assertEquals(RunState.SUCCEEDED, run.status().state(), run.status().toString());
        Map<String, Object> memory = workflows().memory().readAll(run.runId());
        assertEquals("Ada", memory.get("name"), "the input seeds the memory");
        assertEquals("HELLO, ADA", memory.get("shout"));
    }

    @Test
    void anInvalidTemplateInputIsRefusedAndNothingRuns() {
        templates().register("greeting", TypedJobs.GreetInput.class, in -> chain(job("Rec", "A"), job("Greet")));
        InvalidInputException refused = assertThrows(InvalidInputException.class,
                () -> templates().run("greeting", Map.of("greeting", "Hi")));
        assertEquals(List.of("name"), refused.violations().stream().map(Violation::property).toList());
        assertEquals(List.of(), container().select(ExecutionLog.class).get().all());
        assertThrows(UnknownTemplateException.class, () -> templates().run("nope", Map.of()));
    }

    @Test
    void anUnknownRunHasNoStatus() {
        assertTrue(workflows().status("no-such-run").isEmpty());
    }

    @Test
    void aTreeReadsBackFromItsJsonForm() {
        Step tree = chain(rec("A"), group(rec("B"), withDelay(rec("C"), 5)));
        assertEquals(tree, workflows().parse(workflows().toJson(tree)));
    }
}
