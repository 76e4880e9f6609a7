package io.sideline.ee.engine;

import io.sideline.ee.RunState;
import io.sideline.ee.cdi.RunningWorker;
import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.model.Step;
import io.sideline.ee.testing.CommandLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static io.sideline.ee.Sideline.chain;
import static io.sideline.ee.Sideline.job;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The per-step price of run control, counted with MONITOR: a job's fetch, perform and completion stay one round trip
 * (the completion script reads the run's state, which cancel and fail-fast need, inside the call it already makes).
 */
class RoundTripsPerStepTest {

    private TestEngine engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void aLongChainCostsAtMostOnePointZeroFiveRoundTripsPerStep() {
        engine = TestEngine.start(Map.of(SidelineConfig.Keys.CONCURRENCY, "1"));
        int steps = 200;
        Step tree = chain(IntStream.range(0, steps).mapToObj(i -> (Step) job(Rec.class, "s" + i)).toArray(Step[]::new));
        String worker = engine.bean(RunningWorker.class).current().orElseThrow().id();
        String inProgress = engine.prefix + "inprogress:" + worker;
        List<String> perStep;
        try (CommandLog commands = new CommandLog()) {
            String runId = engine.workflows().run(tree);
            Await.until("the chain ends", Duration.ofSeconds(60),
                    () -> engine.workflows().status(runId).orElseThrow().state() == RunState.SUCCEEDED);
            // the job path: fetches (BLMOVE into the worker's list) and completions or failures (scripts given that list)
            perStep = commands.mentioning(inProgress).stream().filter(c -> !c.contains(" lua]")).toList();
        }
        // a completion (or failure) names the worker's list as its first key; the reaper's periodic look names it later
        String firstKey = "\"EVALSHA\" \"[0-9a-f]+\" \"\\d+\" \"" + java.util.regex.Pattern.quote(inProgress) + "\"";
        perStep = perStep.stream().filter(c -> c.contains("\"BLMOVE\"")
                || java.util.regex.Pattern.compile(firstKey).matcher(c).find()).toList();
        long evals = perStep.stream().filter(c -> c.contains("\"EVALSHA\"")).count();
        long fetches = perStep.stream().filter(c -> c.contains("\"BLMOVE\"")).count();
        double perJob = (double) (evals + fetches) / steps;
        java.util.Map<String, Long> byScript = perStep.stream().collect(java.util.stream.Collectors.groupingBy(
                c -> c.replaceAll("^.*?\"(EVALSHA|BLMOVE)\" (\"[^\"]+\")?.*$", "$1 $2"), java.util.stream.Collectors.counting()));
        // one completion per step, plus at most one call the first time the script is not yet loaded (NOSCRIPT)
        assertTrue(evals >= steps && evals <= steps + 1, "one completion per step: " + byScript);
        assertTrue(perJob <= 1.05, "round trips per step " + perJob + " (" + evals + " completions, " + fetches
                + " blocking fetches)");
        // the completion's size: one more key (the run's parked list) and one number per call
        int longest = perStep.stream().filter(c -> c.contains("\"EVALSHA\"")).mapToInt(String::length).max().orElse(0);
        System.out.println("round trips per step " + perJob + "; longest completion call as MONITOR prints it: "
                + longest + " characters");
    }

    @Test
    void theJobsOfRunsStartedHereNeverReadTheirBarriersBack() {
        engine = TestEngine.start(Map.of(SidelineConfig.Keys.CONCURRENCY, "4"));
        List<String> barrierReads;
        try (CommandLog commands = new CommandLog()) {
            List<String> runIds = new java.util.ArrayList<>(engine.workflows().runAll(
                    IntStream.range(0, 200).mapToObj(i -> (Step) job(Rec.class, "bulk" + i)).toList()));
            for (int i = 0; i < 50; i++) {
                runIds.add(engine.workflows().run(job(Rec.class, "one" + i)));
            }
            Await.until("every run ends", Duration.ofSeconds(60), () -> runIds.stream()
                    .allMatch(id -> engine.workflows().status(id).orElseThrow().state() == RunState.SUCCEEDED));
            // a read by the engine itself (not inside a script) of a barrier: the continuation lookup before a completion
            barrierReads = commands.mentioning(engine.prefix + "barrier:").stream().filter(c -> !c.contains(" lua]"))
                    .filter(c -> !c.contains("\"EVALSHA\"")).toList();
        }
        // the launch knows every barrier it writes: a worker that takes a job before the launch returned must not
        // read its barrier back (one more round trip per run), which a cache filled after the write let it do
        assertTrue(barrierReads.isEmpty(), barrierReads.size() + " barrier reads, e.g. "
                + barrierReads.stream().limit(3).toList());
    }
}
