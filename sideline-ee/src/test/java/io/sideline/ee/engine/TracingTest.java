package io.sideline.ee.engine;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.sideline.ee.RunState;
import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.model.Step;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.sideline.ee.Sideline.chain;
import static io.sideline.ee.Sideline.group;
import static io.sideline.ee.Sideline.job;
import static io.sideline.ee.Sideline.withDelay;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The span tree of a run, with a real OpenTelemetry SDK behind the CDI bean and an in-memory exporter: one trace per
 * run, the run's PRODUCER span at its root, one CONSUMER span per job execution under it, linked to the jobs it
 * waited for; retries and the dead set as events; no argument value anywhere.
 */
class TracingTest {

    private static final AttributeKey<String> RUN_ID = AttributeKey.stringKey("sideline.run.id");
    private static final AttributeKey<String> JID = AttributeKey.stringKey("messaging.message.id");
    private static final AttributeKey<String> JOB = AttributeKey.stringKey("sideline.job");
    private static final AttributeKey<Long> RETRY_COUNT = AttributeKey.longKey("sideline.retry_count");
    /** An argument value that must never reach a span. */
    private static final String SECRET = "secret-argument-4711";

    private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
    private TestEngine engine;

    @BeforeEach
    void start() {
        TracingBeans.exporter = exporter;
        engine = TestEngine.startWith(Map.of(SidelineConfig.Keys.RETRY_MAX, "1"), TracingBeans.class,
                RunControlTest.Gate.class);
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    private static Step rec(String label) {
        return job(Rec.class, label);
    }

    /** Starts a run and waits until its run span and {@code executions} job spans are exported. */
    private Tree runAndTrace(Step workflow, int executions) {
        String runId = engine.workflows().run(workflow);
        return await(runId, executions);
    }

    private Tree await(String runId, int executions) {
        List<SpanData> spans = Await.value("the spans of run " + runId, Duration.ofSeconds(20),
                () -> exporter.getFinishedSpanItems().stream().filter(s -> runId.equals(s.getAttributes().get(RUN_ID)))
                        .toList(), found -> found.size() >= executions + 1);
        Map<String, String> labels = engine.log().of(runId).stream()
                .collect(Collectors.toMap(ExecutionLog.Entry::jid, ExecutionLog.Entry::label, (a, b) -> a));
        return new Tree(runId, spans, labels);
    }

    /** The spans of one run: its run span and its job spans; labels by jid, from the execution log. */
    private record Tree(String runId, List<SpanData> spans, Map<String, String> labels) {
        SpanData run() {
            List<SpanData> producers = spans.stream().filter(s -> s.getKind() == SpanKind.PRODUCER).toList();
            assertEquals(1, producers.size(), "one run span: " + spans);
            return producers.get(0);
        }

        List<SpanData> jobs() {
            return spans.stream().filter(s -> s.getKind() == SpanKind.CONSUMER).toList();
        }

        SpanData job(String label) {
            // the label is read from the execution log by jid: it is an argument, never in a span
            List<SpanData> found = jobs().stream().filter(s -> label.equals(labels.get(s.getAttributes().get(JID))))
                    .toList();
            assertEquals(1, found.size(), "one span of " + label + ": " + jobs());
            return found.get(0);
        }

        /** Every job span is in the run's trace and a child of the run's span. */
        void allUnderTheRun() {
            SpanData run = run();
            assertFalse(run.getParentSpanContext().isValid(), "the run's span is the root of its trace");
            assertEquals("sideline.run", run.getName());
            for (SpanData job : jobs()) {
                assertEquals(run.getTraceId(), job.getTraceId(), "one trace per run: " + job);
                assertEquals(run.getSpanId(), job.getParentSpanId(), "a job's span is a child of its run's: " + job);
                assertEquals("process default", job.getName());
                assertEquals("sideline", job.getAttributes().get(AttributeKey.stringKey("messaging.system")));
                assertEquals("process", job.getAttributes().get(AttributeKey.stringKey("messaging.operation.type")));
                assertEquals("default", job.getAttributes().get(AttributeKey.stringKey("messaging.destination.name")));
                assertTrue(job.getAttributes().get(JID) != null, "the jid is the message id");
            }
        }

        Set<String> linkedSpanIds(SpanData span) {
            return span.getLinks().stream().map(LinkData::getSpanContext)
                    .peek(c -> assertEquals(run().getTraceId(), c.getTraceId(), "links stay in the run's trace"))
                    .map(c -> c.getSpanId()).collect(Collectors.toSet());
        }
    }

    @Test
    void theSeedsWorkflowIsOneTraceWhoseJobsLinkToTheJobsTheyWaitedFor() {
        // T3 works 500 ms, so T2 finishes first and T3 releases T4 (T2 planned T4 first: its plan must not be reused)
        Tree tree = runAndTrace(chain(rec("T1"), group(rec("T2"), job(Rec.class, "T3", 500L)), rec("T4")), 4);
        tree.allUnderTheRun();
        assertEquals(4, tree.jobs().size());
        String t1 = tree.job("T1").getSpanId();
        assertEquals(Set.of(), tree.linkedSpanIds(tree.job("T1")), "the first job waited for nothing");
        assertEquals(Set.of(t1), tree.linkedSpanIds(tree.job("T2")));
        assertEquals(Set.of(t1), tree.linkedSpanIds(tree.job("T3")));
        assertEquals(Set.of(tree.job("T2").getSpanId(), tree.job("T3").getSpanId()),
                tree.linkedSpanIds(tree.job("T4")), "T4 links to both members of the group it waited for");
        assertEquals(tree.runId(), tree.run().getAttributes().get(RUN_ID));
        assertEquals("send", tree.run().getAttributes().get(AttributeKey.stringKey("messaging.operation.type")));
    }

    @Test
    void aStepAfterAGroupOfFiveLinksToAllFiveAndAfterAGroupOfFortyToThirtyTwo() {
        Tree five = runAndTrace(chain(group(rec("M1"), rec("M2"), rec("M3"), rec("M4"), rec("M5")), rec("Z")), 6);
        five.allUnderTheRun();
        Set<String> members = Set.of("M1", "M2", "M3", "M4", "M5").stream().map(m -> five.job(m).getSpanId())
                .collect(Collectors.toSet());
        assertEquals(members, five.linkedSpanIds(five.job("Z")), "Z waited for all five");

        Step[] forty = new Step[40];
        for (int i = 0; i < forty.length; i++) {
            forty[i] = rec("W" + i);
        }
        Tree big = runAndTrace(chain(group(forty), rec("Y")), 41);
        Set<String> memberSpans = java.util.stream.IntStream.range(0, 40).mapToObj(i -> big.job("W" + i).getSpanId())
                .collect(Collectors.toSet());
        Set<String> linked = big.linkedSpanIds(big.job("Y"));
        assertEquals(io.sideline.ee.codec.TraceContext.MAX_LINKS, linked.size(), "at most 32 links");
        assertTrue(memberSpans.containsAll(linked), "each link names a member of the group: " + linked);
    }

    @Test
    void aGroupsMembersAreSiblingsUnderTheRun() {
        Tree tree = runAndTrace(group(rec("A"), rec("B"), rec("C")), 3);
        tree.allUnderTheRun();
        assertEquals(3, tree.jobs().size());
        tree.jobs().forEach(j -> assertEquals(Set.of(), tree.linkedSpanIds(j)));
    }

    @Test
    void aDelayedStepStaysInTheRunsTrace() {
        Tree tree = runAndTrace(chain(rec("first"), withDelay(rec("later"), 150)), 2);
        tree.allUnderTheRun();
        assertEquals(Set.of(tree.job("first").getSpanId()), tree.linkedSpanIds(tree.job("later")));
    }

    @Test
    void aRetryThenSuccessIsTwoSpansOfOneJobTheFirstFailedWithARetryEvent() {
        Tree tree = runAndTrace(chain(job(Flaky.class, "F", 1), rec("after")), 3);
        tree.allUnderTheRun();
        List<SpanData> attempts = tree.jobs().stream().filter(s -> "Flaky".equals(s.getAttributes().get(JOB)))
                .sorted(java.util.Comparator.comparing(s -> s.getAttributes().get(RETRY_COUNT))).toList();
        assertEquals(2, attempts.size(), "two executions of the flaky job");
        assertEquals(attempts.get(0).getAttributes().get(JID), attempts.get(1).getAttributes().get(JID), "one job");
        SpanData failed = attempts.get(0);
        assertEquals(StatusCode.ERROR, failed.getStatus().getStatusCode());
        assertEquals(IllegalStateException.class.getName(), failed.getAttributes().get(AttributeKey.stringKey("error.type")));
        assertEquals(List.of("sideline.retry"), failed.getEvents().stream().map(EventData::getName).toList());
        assertEquals(1L, attempts.get(1).getAttributes().get(RETRY_COUNT));
        assertEquals(StatusCode.UNSET, attempts.get(1).getStatus().getStatusCode());
        assertEquals(Set.of(attempts.get(1).getSpanId()), tree.linkedSpanIds(tree.job("after")),
                "the successor links to the attempt that succeeded");
    }

    @Test
    void aDeadJobsLastSpanFailedWithADeadEvent() {
        String runId = engine.workflows().run(chain(job(Flaky.class, "D", 99), rec("never")));
        Tree tree = await(runId, 2);
        SpanData last = tree.jobs().stream().filter(s -> s.getAttributes().get(RETRY_COUNT) == 1L).findFirst()
                .orElseThrow();
        assertEquals(StatusCode.ERROR, last.getStatus().getStatusCode());
        assertEquals(List.of("sideline.dead"), last.getEvents().stream().map(EventData::getName).toList());
        assertEquals(2, tree.jobs().size(), "the job after the dead one never ran");
        tree.allUnderTheRun();
    }

    @Test
    void aJobRunningWhenItsRunIsCancelledHasACancelEventAndItsSuccessorNoSpan() {
        String runId = engine.workflows().run(chain(job(RunControlTest.Gate.class, "traced-hold"), rec("after")));
        Await.until("the gate runs", Duration.ofSeconds(10), () -> RunControlTest.Gate.STARTED.contains("traced-hold"));
        engine.bean(io.sideline.ee.RunControl.class).cancel(runId);
        Tree tree = await(runId, 1);
        tree.allUnderTheRun();
        assertEquals(1, tree.jobs().size(), "the successor was parked, never run: " + tree.jobs());
        SpanData gate = tree.jobs().get(0);
        assertEquals("Gate", gate.getAttributes().get(JOB));
        assertTrue(RunControlTest.Gate.SAW_CANCEL.contains("traced-hold"), "the job saw the cancel");
        assertEquals(List.of("sideline.cancelled"), gate.getEvents().stream().map(EventData::getName).toList());
        assertEquals(StatusCode.UNSET, gate.getStatus().getStatusCode(), "a cancel is no failure of the job");
    }

    @Test
    void aRunStartedInsideASpanGetsATraceOfItsOwnLinkedToTheCallersSpan() {
        OpenTelemetry otel = engine.bean(OpenTelemetry.class);
        Span caller = otel.getTracer("test").spanBuilder("caller").startSpan();
        String runId;
        try (Scope ignored = caller.makeCurrent()) {
            runId = engine.workflows().run(rec("one"));
        } finally {
            caller.end();
        }
        Tree tree = await(runId, 1);
        assertNotEquals(caller.getSpanContext().getTraceId(), tree.run().getTraceId(), "a trace of its own");
        assertEquals(List.of(caller.getSpanContext().getSpanId()),
                tree.run().getLinks().stream().map(l -> l.getSpanContext().getSpanId()).toList());
    }

    @Test
    void everyRunOfRunAllIsATraceOfItsOwn() {
        List<String> runIds = engine.workflows().runAll(List.of(rec("x"), rec("y")));
        Set<String> traces = runIds.stream().map(id -> await(id, 1)).peek(Tree::allUnderTheRun)
                .map(t -> t.run().getTraceId()).collect(Collectors.toSet());
        assertEquals(2, traces.size());
    }

    @Test
    void noArgumentValueReachesASpan() {
        Tree tree = runAndTrace(chain(rec(SECRET), job(Flaky.class, SECRET, 1)), 3);
        assertEquals(RunState.SUCCEEDED, engine.workflows().status(tree.runId()).orElseThrow().state());
        for (SpanData span : exporter.getFinishedSpanItems()) {
            assertFalse(span.toString().contains(SECRET), "an argument value in " + span);
        }
    }

    /** Our log line about a failed attempt carries the run id, the jid and the trace id, in the fixed form. */
    @Test
    void aLogLineAboutAJobCarriesItsRunJidAndTraceIds() {
        try (io.sideline.ee.testing.LogCapture logs = new io.sideline.ee.testing.LogCapture()) {
            Tree tree = runAndTrace(job(Flaky.class, "L", 1), 2);
            SpanData failed = tree.jobs().stream().filter(s -> s.getStatus().getStatusCode() == StatusCode.ERROR)
                    .findFirst().orElseThrow();
            String tag = "[run=" + tree.runId() + " jid=" + failed.getAttributes().get(JID) + " trace="
                    + tree.run().getTraceId() + "]";
            assertTrue(logs.records().stream().anyMatch(r -> r.getMessage() != null && r.getMessage().contains(tag)
                    && r.getMessage().contains("failed (attempt 1)")), "a retry line tagged " + tag + " in:\n" + logs.text());
        }
    }

    /** With tracing on, the payload carries the run's context in its own field, and nothing of it in args. */
    @Test
    void aWaitingPayloadCarriesTheRunsTraceInAFieldOfItsOwn() {
        String runId = engine.workflows().run(chain(rec("now"), withDelay(rec("later"), 400)));
        try (redis.clients.jedis.RedisClient redis = engine.redis()) {
            String scheduled = Await.value("the delayed job in the schedule", Duration.ofSeconds(10),
                    () -> redis.zrange(engine.prefix + "schedule", 0, -1), found -> !found.isEmpty()).get(0);
            Tree tree = await(runId, 2);
            jakarta.json.JsonObject payload = jakarta.json.Json.createReader(new java.io.StringReader(scheduled)).readObject();
            assertEquals("00-" + tree.run().getTraceId() + "-" + tree.run().getSpanId() + "-01",
                    payload.getJsonObject("sideline_trace").getString("traceparent"));
            assertEquals(List.of(tree.job("now").getSpanId()), payload.getJsonObject("sideline_trace")
                    .getJsonArray("links").getValuesAs(jakarta.json.JsonString::getString));
            assertEquals("[\"later\"]", payload.getJsonArray("args").toString());
        }
    }

    /** A template's run is a run like any other: one trace; its input and the memory it writes reach no span. */
    @Test
    void aTemplateRunIsOneTraceAndNoMemoryValueReachesASpan() {
        String runId = engine.bean(io.sideline.ee.Templates.class).run("greet_and_shout",
                Map.of("name", SECRET, "greeting", "Hi", "max_len", 80));
        Tree tree = await(runId, 2);
        tree.allUnderTheRun();
        assertEquals(List.of("Greet", "Shout"), tree.jobs().stream().map(s -> s.getAttributes().get(JOB)).sorted().toList());
        assertTrue(engine.workflows().memory().readAll(runId).get("shout").toString().contains(SECRET.toUpperCase()));
        for (SpanData span : tree.spans()) {
            assertFalse(span.toString().contains(SECRET) || span.toString().contains(SECRET.toUpperCase()),
                    "a memory value in " + span);
        }
    }
}
