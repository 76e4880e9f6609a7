package io.sideline.ee.codec;

import io.sideline.ee.InvalidWorkflowException;
import io.sideline.ee.model.Chain;
import io.sideline.ee.model.Group;
import io.sideline.ee.model.Job;
import io.sideline.ee.model.Step;
import io.sideline.ee.model.WithDelay;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkflowJsonTest {

    private static final Set<String> KNOWN = Set.of("fetch", "resize", "notify", "cleanup", "a", "b");

    /**
     * A nested workflow in canonical form (compact, keys in contract order) with arguments of every JSON type, a
     * queue, delays of 0 and more, and an empty chain and group.
     */
    private static final String CANONICAL = """
            {"chain":[\
            {"job":"fetch","args":["say \\"hi\\"\\n\\\\ é",42,-7,1.50,12345678901234567890,1E+3,true,false,null,\
            [1,[2,[]]],{"a":1,"b":{"c":null},"d":[]},{}],"queue":"io"},\
            {"group":[{"job":"resize","args":[640]},{"chain":[]},{"group":[]},{"delay":0,"step":{"job":"notify"}}]},\
            {"delay":1500,"step":{"chain":[{"job":"cleanup","queue":"low"}]}}\
            ]}""";

    private final WorkflowJson codec = new WorkflowJson(KNOWN::contains, 64, 100_000);

    @AfterEach
    void close() {
        codec.close();
    }

    /** The records {@link #CANONICAL} describes, built by hand. */
    private static Step canonicalTree() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("c", null);
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("a", 1L);
        object.put("b", inner);
        object.put("d", List.of());
        Job fetch = new Job("fetch", Arrays.asList(
                "say \"hi\"\n\\ é", 42L, -7L, new BigDecimal("1.50"), new BigDecimal("12345678901234567890"),
                new BigDecimal("1E+3"), true, false, null, List.of(1L, List.of(2L, List.of())), object, Map.of()),
                "io");
        return Chain.of(
                fetch,
                Group.of(Job.named("resize", 640L), Chain.of(), Group.of(), new WithDelay(Job.named("notify"), 0)),
                new WithDelay(Chain.of(new Job("cleanup", null, "low")), 1500));
    }

    // --- round trip and the records parse produces ---

    @Test
    void formatOfParseGivesTheCanonicalTextBack() {
        assertEquals(CANONICAL, codec.format(codec.parse(CANONICAL)));
    }

    @Test
    void whitespaceAndKeyOrderDoNotMatterToParse() {
        String loose = """
                { "chain" : [
                    { "queue": "low", "job": "cleanup" },
                    { "step": { "job": "a" }, "delay": 5 }
                ] }
                """;
        assertEquals("{\"chain\":[{\"job\":\"cleanup\",\"queue\":\"low\"},{\"delay\":5,\"step\":{\"job\":\"a\"}}]}",
                codec.format(codec.parse(loose)));
    }

    @Test
    void parseBuildsTheExpectedRecords() {
        assertEquals(canonicalTree(), codec.parse(CANONICAL));
    }

    @Test
    void formatOfHandBuiltRecordsGivesTheCanonicalText() {
        assertEquals(CANONICAL, codec.format(canonicalTree()));
    }

    @Test
    void argumentsAreConvertedToPlainJavaTypes() {
        Job job = (Job) codec.parse("""
                {"job":"a","args":["s",1,1.0,true,null,[1],{"z":1,"a":2}]}""");
        List<Object> args = job.args();

        assertInstanceOf(String.class, args.get(0));
        assertInstanceOf(Long.class, args.get(1));
        assertInstanceOf(BigDecimal.class, args.get(2));
        assertInstanceOf(Boolean.class, args.get(3));
        assertNull(args.get(4));
        assertInstanceOf(List.class, args.get(5));
        Map<?, ?> map = assertInstanceOf(LinkedHashMap.class, args.get(6));
        assertEquals(List.of("z", "a"), new ArrayList<>(map.keySet()), "member order is kept");
    }

    @Test
    void integralNumbersThatFitInALongAreLongsAndAllOthersBigDecimals() {
        Job job = (Job) codec.parse("""
                {"job":"a","args":[0,-0,9223372036854775807,-9223372036854775808,9223372036854775808,\
                2.5,1.50,1e3,1E-2]}""");

        assertEquals(Arrays.asList(0L, 0L, Long.MAX_VALUE, Long.MIN_VALUE, new BigDecimal("9223372036854775808"),
                new BigDecimal("2.5"), new BigDecimal("1.50"), new BigDecimal("1E+3"), new BigDecimal("0.01")),
                job.args());
    }

    @Test
    void emptyArgsAndNullQueueAreLeftOutWhenWriting() {
        assertEquals("{\"job\":\"a\"}", codec.format(new Job("a", List.of(), null)));
        assertEquals(new Job("a", List.of(), null), codec.parse("{\"job\":\"a\",\"args\":[]}"));
    }

    @Test
    void delayMayBeWrittenWithFractionOrExponentIfItIsWhole() {
        assertEquals(new WithDelay(Job.named("a"), 1000), codec.parse("{\"delay\":1000.0,\"step\":{\"job\":\"a\"}}"));
        assertEquals(new WithDelay(Job.named("a"), 1000), codec.parse("{\"delay\":1e3,\"step\":{\"job\":\"a\"}}"));
    }

    @Test
    void convenienceConstructorAcceptsEveryJobName() {
        try (WorkflowJson lenient = new WorkflowJson()) {
            assertEquals(Job.named("anything"), lenient.parse("{\"job\":\"anything\"}"));
        }
    }

    // --- rejections ---

    static Stream<Arguments> invalidWorkflows() {
        return Stream.of(
                Arguments.of("truncated JSON", "{\"job\":", "$", "not valid JSON: Invalid token=EOF"),
                Arguments.of("empty text", "", "$", "not valid JSON"),
                Arguments.of("content after the workflow", "{\"job\":\"a\"} x", "$", "not valid JSON"),
                Arguments.of("root is an array", "[]", "$", "a step must be a JSON object with one of job, chain,"
                        + " group, delay, found an array"),
                Arguments.of("root is a string", "\"a\"", "$", "found a string"),
                Arguments.of("step in chain is a number", "{\"chain\":[{\"job\":\"a\"},5]}", "$.chain[1]",
                        "a step must be a JSON object"),
                Arguments.of("step in group is null", "{\"group\":[null]}", "$.group[0]", "found null"),
                Arguments.of("empty object", "{}", "$", "a step must have one of job, chain, group, delay"),
                Arguments.of("only a companion", "{\"args\":[]}", "$", "found only [args]"),
                Arguments.of("two kinds", "{\"job\":\"a\",\"chain\":[]}", "$",
                        "exactly one of job, chain, group, delay, found both 'job' and 'chain'"),
                Arguments.of("unknown key", "{\"job\":\"a\",\"retries\":3}", "$.retries", "unknown key 'retries'"),
                Arguments.of("unknown key needing brackets", "{\"job\":\"a\",\"it's\":1}", "$['it\\'s']",
                        "unknown key 'it's'"),
                Arguments.of("duplicate key", "{\"job\":\"a\",\"job\":\"b\"}", "$.job", "duplicate key 'job'"),
                Arguments.of("queue on a chain", "{\"chain\":[],\"queue\":\"q\"}", "$.queue",
                        "'queue' is not allowed in a chain step"),
                Arguments.of("step before group", "{\"step\":{\"job\":\"a\"},\"group\":[]}", "$.step",
                        "'step' is not allowed in a group step"),
                Arguments.of("args on a delay", "{\"delay\":1,\"args\":[],\"step\":{\"job\":\"a\"}}", "$.args",
                        "'args' is not allowed in a delay step"),
                Arguments.of("job is a number", "{\"job\":5}", "$.job", "job must be a non-blank string, found a number"),
                Arguments.of("job is blank", "{\"job\":\" \"}", "$.job", "job must be a non-blank string"),
                Arguments.of("unknown job name", "{\"chain\":[{\"job\":\"a\"},{\"group\":[{\"job\":\"nope\"}]}]}",
                        "$.chain[1].group[0].job", "unknown job name 'nope'"),
                Arguments.of("args is an object", "{\"job\":\"a\",\"args\":{\"x\":1}}", "$.args",
                        "args must be an array, found an object"),
                Arguments.of("args is null", "{\"job\":\"a\",\"args\":null}", "$.args", "args must be an array"),
                Arguments.of("duplicate key in an argument", "{\"job\":\"a\",\"args\":[{\"k\":1,\"k\":2}]}",
                        "$.args[0].k", "duplicate key 'k'"),
                Arguments.of("unreadable number in an argument", "{\"job\":\"a\",\"args\":[" + "9".repeat(5000) + "]}",
                        "$.args[0]", "number cannot be read"),
                Arguments.of("queue is null", "{\"job\":\"a\",\"queue\":null}", "$.queue",
                        "queue must be a non-blank string, found null"),
                Arguments.of("queue is blank", "{\"job\":\"a\",\"queue\":\"\"}", "$.queue",
                        "queue must be a non-blank string"),
                Arguments.of("chain is an object", "{\"chain\":{}}", "$.chain", "chain must be an array of steps"),
                Arguments.of("group is a string", "{\"group\":\"a\"}", "$.group", "group must be an array of steps"),
                Arguments.of("delay is a string", "{\"delay\":\"5\",\"step\":{\"job\":\"a\"}}", "$.delay",
                        "delay must be a whole number of milliseconds, found a string"),
                Arguments.of("delay has a fraction", "{\"delay\":1.5,\"step\":{\"job\":\"a\"}}", "$.delay",
                        "whole number of milliseconds"),
                Arguments.of("delay is negative", "{\"delay\":-1,\"step\":{\"job\":\"a\"}}", "$.delay",
                        "delay must not be negative"),
                Arguments.of("delay is too large", "{\"delay\":1e30,\"step\":{\"job\":\"a\"}}", "$.delay",
                        "fits in a long"),
                Arguments.of("delay without step", "{\"delay\":5}", "$", "a delay must have a 'step'"),
                Arguments.of("problem inside a delayed step", "{\"delay\":5,\"step\":{\"group\":[{\"job\":\"\"}]}}",
                        "$.step.group[0].job", "job must be a non-blank string"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidWorkflows")
    void invalidWorkflowIsRejectedWithPathAndReason(String description, String json, String path, String fragment) {
        InvalidWorkflowException e = assertThrows(InvalidWorkflowException.class, () -> codec.parse(json));

        assertEquals(path, e.path(), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), () -> "message '" + e.getMessage() + "' lacks '" + fragment + "'");
    }

    @Test
    void parserProblemIsKeptAsCause() {
        InvalidWorkflowException e = assertThrows(InvalidWorkflowException.class, () -> codec.parse("{\"job\" 1}"));
        assertInstanceOf(jakarta.json.JsonException.class, e.getCause());
        assertTrue(e.getMessage().contains(e.getCause().getMessage()), e.getMessage());
    }

    @Test
    void nestingUpToMaxDepthIsAcceptedAndOneLevelMoreIsRejected() {
        try (WorkflowJson shallow = new WorkflowJson(name -> true, 3, 100)) {
            assertEquals(Chain.of(Group.of(Job.named("a"))), shallow.parse("{\"chain\":[{\"group\":[{\"job\":\"a\"}]}]}"));

            InvalidWorkflowException e = assertThrows(InvalidWorkflowException.class,
                    () -> shallow.parse("{\"chain\":[{\"group\":[{\"delay\":1,\"step\":{\"job\":\"a\"}}]}]}"));
            assertEquals("$.chain[0].group[0].step", e.path());
            assertTrue(e.getMessage().contains("nested deeper than maxDepth 3"), e.getMessage());
        }
    }

    @Test
    void tenThousandNestedChainsAreRejectedWithoutStackOverflow() {
        int levels = 10_000;
        String deep = "{\"chain\":[".repeat(levels) + "]}".repeat(levels);

        InvalidWorkflowException e = assertThrows(InvalidWorkflowException.class, () -> codec.parse(deep));

        assertEquals("$" + ".chain[0]".repeat(64), e.path(), "the 65th step is the first one too deep");
        assertTrue(e.getMessage().contains("nested deeper than maxDepth 64"), e.getMessage());
    }

    @Test
    void tenThousandNestedArgumentArraysAreRejectedWithoutStackOverflow() {
        int levels = 10_000;
        String deep = "{\"job\":\"a\",\"args\":[" + "[".repeat(levels) + "]".repeat(levels) + "]}";

        InvalidWorkflowException e = assertThrows(InvalidWorkflowException.class, () -> codec.parse(deep));

        assertEquals("$.args[0]" + "[0]".repeat(64), e.path());
        assertTrue(e.getMessage().contains("argument is nested deeper than maxDepth 64"), e.getMessage());
    }

    @Test
    void parserOwnNestingLimitIsReportedAsInvalidWorkflowToo() {
        // With a maxDepth above Parsson's nesting limit (1000 levels of JSON), the parser refuses first.
        try (WorkflowJson permissive = new WorkflowJson(name -> true, 5_000, 100)) {
            int levels = 10_000;
            String deep = "{\"chain\":[".repeat(levels) + "]}".repeat(levels);

            InvalidWorkflowException e = assertThrows(InvalidWorkflowException.class, () -> permissive.parse(deep));

            assertEquals("$", e.path());
            assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
        }
    }

    @Test
    void moreThanMaxJobsIsRejectedAtTheFirstJobTooMany() {
        try (WorkflowJson small = new WorkflowJson(name -> true, 64, 3)) {
            assertEquals(3, small.parse("{\"group\":[{\"job\":\"a\"},{\"job\":\"a\"},{\"job\":\"a\"}]}").jobCount());

            InvalidWorkflowException e = assertThrows(InvalidWorkflowException.class,
                    () -> small.parse("{\"group\":[{\"job\":\"a\"},{\"chain\":[{\"job\":\"a\"},{\"job\":\"a\"}]},"
                            + "{\"job\":\"a\"}]}"));
            assertEquals("$.group[2]", e.path());
            assertTrue(e.getMessage().contains("more than maxJobs 3 jobs"), e.getMessage());
        }
    }

    @Test
    void constructorRejectsUnusableLimits() {
        assertThrows(NullPointerException.class, () -> new WorkflowJson(null, 64, 10));
        assertThrows(IllegalArgumentException.class, () -> new WorkflowJson(name -> true, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> new WorkflowJson(name -> true, 64, -1));
    }

    // --- writing ---

    /** An argument type that is not plain data, so it goes through JSON-B. */
    public static class Point {
        private final int x;
        private final int y;

        public Point(int x, int y) {
            this.x = x;
            this.y = y;
        }

        public int getX() {
            return x;
        }

        public int getY() {
            return y;
        }
    }

    @Test
    void objectArgumentsAreSerialisedWithJsonb() {
        assertEquals("{\"job\":\"a\",\"args\":[{\"x\":1,\"y\":2},[{\"x\":3,\"y\":4}]]}",
                codec.format(Job.named("a", new Point(1, 2), List.of(new Point(3, 4)))));
    }

    /** An argument JSON-B cannot serialise: reading its only property fails. */
    public static class Broken {
        public String getValue() {
            throw new IllegalStateException("no value");
        }
    }

    @Test
    void argumentJsonbCannotSerialiseIsRejectedWithItsPath() {
        InvalidWorkflowException e = assertThrows(InvalidWorkflowException.class,
                () -> codec.format(Group.of(Job.named("a", "ok", new Broken()))));
        assertEquals("$.group[0].args[1]", e.path());
        assertTrue(e.getMessage().contains("cannot be serialised by JSON-B"), e.getMessage());
    }

    @Test
    void nullsInsideMapsAndListsAreKept() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("gone", null);
        assertEquals("{\"job\":\"a\",\"args\":[{\"gone\":null},[null],null]}",
                codec.format(Job.named("a", map, Arrays.asList((Object) null), null)));
    }

    @Test
    void javaNumberTypesAreWrittenAsTheirDecimalValue() {
        assertEquals("{\"job\":\"a\",\"args\":[1,2,3,4,1.1,0.1,1.50,18446744073709551616]}",
                codec.format(Job.named("a", (byte) 1, (short) 2, 3, 4L, 1.1f, 0.1d, new BigDecimal("1.50"),
                        java.math.BigInteger.TWO.pow(64))));
    }

    @Test
    void nonFiniteNumberIsRejectedWithItsPath() {
        InvalidWorkflowException e = assertThrows(InvalidWorkflowException.class,
                () -> codec.format(Chain.of(Job.named("a", 1, List.of(Double.NaN)))));
        assertEquals("$.chain[0].args[1][0]", e.path());
        assertTrue(e.getMessage().contains("not a finite number"), e.getMessage());
    }

    @Test
    void argumentThatContainsItselfIsRejectedWithoutStackOverflow() {
        List<Object> cyclic = new ArrayList<>();
        cyclic.add(cyclic);

        InvalidWorkflowException e = assertThrows(InvalidWorkflowException.class,
                () -> codec.format(Job.named("a", cyclic)));
        assertTrue(e.path().startsWith("$.args[0][0]"), e.path());
        assertTrue(e.getMessage().contains("argument is nested deeper than maxDepth 64"), e.getMessage());
    }

    @Test
    void treeDeeperThanMaxDepthIsNotWritten() {
        Step deep = Job.named("a");
        for (int i = 0; i < 100; i++) {
            deep = Chain.of(deep);
        }
        Step tooDeep = deep;

        InvalidWorkflowException e = assertThrows(InvalidWorkflowException.class, () -> codec.format(tooDeep));
        assertEquals("$" + ".chain[0]".repeat(64), e.path());
    }

    @Test
    void toJsonValueGivesTheSameFormForEmbedding() {
        JsonObject value = codec.toJsonValue(canonicalTree());

        assertEquals(3, value.getJsonArray("chain").size());
        assertEquals(1500, value.getJsonArray("chain").getJsonObject(2).getInt("delay"));
        assertEquals(CANONICAL, value.toString());
    }

    @Test
    void formatOfNullIsAProgrammingError() {
        assertThrows(NullPointerException.class, () -> codec.format(null));
        assertThrows(NullPointerException.class, () -> codec.parse(null));
    }

    @Test
    void oneInstanceServesManyThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                results.add(pool.submit(() -> codec.format(codec.parse(CANONICAL))));
            }
            for (Future<String> result : results) {
                assertEquals(CANONICAL, result.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
