package io.sideline.ee.codec;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The job payload's JSON form: Sidekiq's fields, written by hand and read back by a real JSON parser. */
class PayloadCodecTest {

    private final PayloadCodec codec = new PayloadCodec();

    private static JsonObject parse(String json) {
        try (var reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    @Test
    void aPlannedPayloadHasSidekiqsFieldsAndSidelinesAndReadsBackEqual() {
        JobPayload p = JobPayload.builder("enrich", "[\"doc-1\",3,{\"deep\":[1.5e300,null,true]}]", "j1", "default")
                .createdAt(1_700_000_000_000L).enqueuedAt(1_700_000_000_001L).run("run-1", List.of("root", "c1")).build();

        String text = codec.encode(p);

        JsonObject o = parse(text);
        assertEquals("enrich", o.getString("class"));
        assertEquals(parse("{\"a\":[\"doc-1\",3,{\"deep\":[1.5e300,null,true]}]}").getJsonArray("a"), o.getJsonArray("args"));
        assertEquals(1_700_000_000_001L, o.getJsonNumber("enqueued_at").longValue());
        assertEquals(List.of("root", "c1"), o.getJsonArray("sideline_callbacks").getValuesAs(jakarta.json.JsonString::getString));
        assertFalse(o.containsKey("error_class"));
        JobPayload back = codec.decode(text);
        assertEquals(List.of(p.jobName(), p.jid(), p.queue(), p.runId()), List.of(back.jobName(), back.jid(), back.queue(), back.runId()));
        assertEquals(List.of(p.createdAt(), p.enqueuedAt(), p.retryCount()), List.of(back.createdAt(), back.enqueuedAt(), back.retryCount()));
        assertEquals(p.callbacks(), back.callbacks());
    }

    @Test
    void textWithQuotesBackslashesControlCharactersAndUnicodeIsEscapedAndSurvives() {
        String nasty = "say \"hi\" \\ path C:\\x\n\ttab\r\u0001\u001f\b\f é 中 \uD83D\uDE00 </script>";
        JobPayload failed = JobPayload.builder("Job\"Name", "[]", "j\\2", "q\n").createdAt(1L).retry(false).retryCount(3)
                .error("java.lang.IllegalStateException", nasty, 99L).build();

        String text = codec.encode(failed);

        JsonObject o = parse(text);
        assertEquals(nasty, o.getString("error_message"));
        assertEquals("Job\"Name", o.getString("class"));
        assertFalse(o.containsKey("sideline_run_id"));
        assertEquals(failed, codec.decode(text));
    }

    @Test
    void argumentsThatAreNotAnArrayAreRefused() {
        JobPayload p = JobPayload.builder("J", "{\"not\":\"an array\"}", "j", "default").createdAt(1L).build();
        assertThrows(RuntimeException.class, () -> codec.encode(p));
    }

    @Test
    void argumentsAreKeptAsTheTextTheyWereWhereverTheyStandInThePayload() {
        String args = "[ \"a]\\\"[{\" , {\"k\": [1, [2, {}]], \"s\": \"}]\"} ,\n 3.0e10, -0, null ]";
        String text = "{\"jid\":\"j1\",\"queue\":\"default\",\"class\":\"T\",\"args\": " + args
                + " ,\"retry\":false,\"sideline_callbacks\":[\"b1\"]}";

        JobPayload p = codec.decode(text);

        assertEquals(args, p.argsJson(), "copied as it was, brackets inside strings included");
        assertEquals(parse("{\"a\":" + args + "}").getJsonArray("a"), codec.parseArray(p.argsJson()));
        assertFalse(p.retry());
        assertEquals(List.of("b1"), p.callbacks());
    }

    @Test
    void aJobOfARunCarriesItsGraphNodeAndAPayloadWithoutOneHasNone() {
        JobPayload p = JobPayload.builder("T", "[]", "j1", "default").run("run-1", List.of("root")).node(12).build();

        String text = codec.encode(p);

        assertTrue(text.endsWith(",\"sideline_node\":12}"), text);
        assertEquals(12, codec.decode(text).node());
        assertNull(codec.decode("{\"class\":\"T\",\"jid\":\"j\",\"queue\":\"q\"}").node(),
                "a payload of an older release, or of Sidekiq, names no node");
        for (String bad : List.of("-1", "1.5", "\"3\"", "4294967296")) {
            MalformedPayloadException e = assertThrows(MalformedPayloadException.class, () -> codec.decode(
                    "{\"class\":\"T\",\"jid\":\"j\",\"queue\":\"q\",\"sideline_node\":" + bad + "}"));
            assertTrue(e.getMessage().contains("sideline_node"), e.getMessage());
        }
    }

    @Test
    void aPayloadWithoutArgumentsHasNone() {
        assertEquals("[]", codec.decode("{\"class\":\"T\",\"jid\":\"j\",\"queue\":\"q\"}").argsJson());
    }

    @Test
    void unreadablePayloadsAreMalformedWithTheReason() {
        for (String[] bad : new String[][]{
                {"[1,2]", "not a JSON object"},
                {"{\"class\":\"T\",\"jid\":\"j\",\"queue\":\"q\"} {}", "not"},
                {"{\"class\":\"T\",\"jid\":\"j\",\"queue\":\"q\",\"args\":{}}", "'args' must be array"},
                {"{\"class\":\"T\",\"jid\":\"j\",\"queue\":\"q\",\"args\":[1,}", "not valid JSON"},
                {"{\"class\":\"T\",\"jid\":\"j\",\"queue\":\"q\",\"args\":" + "[".repeat(1_001) + "]".repeat(1_001) + "}",
                        "nest"},
                {"{\"class\":\"T\",\"jid\":\"j\",\"queue\":\"q\",\"args\":[\"x\"," + "9".repeat(100_000) + "]}",
                        "100000 characters; the limit is 1100"},
                {"{\"jid\":\"j\",\"queue\":\"q\"}", "no 'class'"}}) {
            MalformedPayloadException e = assertThrows(MalformedPayloadException.class, () -> codec.decode(bad[0]), bad[0]);
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains(bad[1]), bad[1] + " in " + e.getMessage());
        }
    }

    /** The fields are read as a JSON object's: the last of a repeated one counts, unknown ones are dropped, types checked. */
    @Test
    void repeatedFieldsCountLastUnknownFieldsAreIgnoredAndEveryFieldIsTypeChecked() {
        JobPayload p = codec.decode("{\"class\":\"Old\",\"extra\":{\"a\":[1,\"x\"]},\"class\":\"T\",\"jid\":\"j\","
                + "\"queue\":\"q\",\"args\":[1],\"bid\":\"sidekiq-pro\",\"args\":[2,\"b\"],\"retry\":false,"
                + "\"enqueued_at\":null,\"sideline_run_id\":null,\"sideline_callbacks\":[\"b1\",\"b2\"],"
                + "\"sideline_trace\":\"not an object\",\"sideline_node\":7}");
        assertEquals("T", p.jobName());
        assertEquals("[2,\"b\"]", p.argsJson());
        assertFalse(p.retry());
        assertEquals(0L, p.enqueuedAt(), "a null enqueued_at reads as present, 0");
        assertNull(p.runId());
        assertNull(p.failedAt());
        assertEquals(List.of("b1", "b2"), p.callbacks());
        assertNull(p.trace());
        assertEquals(7, p.node());
        String head = "{\"class\":\"T\",\"jid\":\"j\",\"queue\":\"q\",";
        for (String[] bad : new String[][]{
                {head + "\"args\":[1],\"args\":\"x\"}", "'args' must be array"},
                {head + "\"args\":null}", "'args' must be array"},
                {"{\"class\":7,\"jid\":\"j\",\"queue\":\"q\"}", "'class' must be a non-empty string"},
                {"{\"class\":\" \",\"jid\":\"j\",\"queue\":\"q\"}", "'class' must be a non-empty string"},
                {head + "\"created_at\":\"now\"}", "'created_at' must be a number"},
                {head + "\"sideline_run_id\":[]}", "'sideline_run_id' must be a non-empty string"},
                {head + "\"sideline_callbacks\":\"b1\"}", "'sideline_callbacks' must be an array"},
                {head + "\"sideline_callbacks\":[\"b1\",2]}", "must hold barrier ids"},
                {head + "\"sideline_node\":-1}", "'sideline_node' must be a non-negative integer"}}) {
            MalformedPayloadException e = assertThrows(MalformedPayloadException.class, () -> codec.decode(bad[0]), bad[0]);
            assertTrue(e.getMessage().contains(bad[1]), bad[1] + " in " + e.getMessage());
        }
    }

    /** Tracing off costs no payload byte: without a trace context a payload is exactly what it was before tracing. */
    @Test
    void withoutTraceContextThePayloadIsByteForByteThePreTracingForm() {
        JobPayload p = JobPayload.builder("Task1", "[\"a\"]", "j1", "default").createdAt(5).enqueuedAt(6L)
                .run("run-1", List.of("root")).build();

        assertEquals("{\"class\":\"Task1\",\"args\":[\"a\"],\"jid\":\"j1\",\"queue\":\"default\",\"created_at\":5,"
                + "\"enqueued_at\":6,\"retry\":true,\"retry_count\":0,\"sideline_run_id\":\"run-1\","
                + "\"sideline_callbacks\":[\"root\"]}", codec.encode(p));
    }

    /** The limit a worker reads with is named where it is made, and counts the characters of the text. */
    @Test
    void aCodecReadingAtMostNCharactersRefusesALongerPayloadBeforeParsingIt() {
        String text = codec.encode(JobPayload.builder("T", "[]", "j", "q").build());
        PayloadCodec exact = PayloadCodec.readingAtMostChars(text.length());
        PayloadCodec shorter = PayloadCodec.readingAtMostChars(text.length() - 1);

        assertEquals("j", exact.decode(text).jid());
        MalformedPayloadException refused = assertThrows(MalformedPayloadException.class, () -> shorter.decode(text));
        assertTrue(refused.getMessage().contains("exceeds the limit of " + (text.length() - 1)), refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PayloadCodec.readingAtMostChars(0));
    }

    /**
     * Every field set: the exact text Sidekiq and servers of older releases read (in-flight upgrades), field order
     * included, and it reads back to an equal payload.
     */
    @Test
    void aPayloadWithEveryFieldIsByteForByteTheFormSidekiqAndOlderReleasesRead() {
        JobPayload p = JobPayload.builder("Task1", "[\"a\",1]", "j1", "critical").createdAt(5).enqueuedAt(6L)
                .retry(false).retryCount(2).error("java.lang.IllegalStateException", "boom", 7L)
                .run("run-1", List.of("root", "c1")).node(3)
                .trace(new TraceContext("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "k=v",
                        List.of("b7ad6b7169203331"))).build();

        String text = codec.encode(p);

        assertEquals(GOLDEN, text);
        assertEquals(p, codec.decode(text));
    }

    private static final String GOLDEN = "{\"class\":\"Task1\",\"args\":[\"a\",1],\"jid\":\"j1\",\"queue\":\"critical\","
            + "\"created_at\":5,\"enqueued_at\":6,\"retry\":false,\"retry_count\":2,"
            + "\"error_class\":\"java.lang.IllegalStateException\",\"error_message\":\"boom\",\"failed_at\":7,"
            + "\"sideline_run_id\":\"run-1\",\"sideline_callbacks\":[\"root\",\"c1\"],\"sideline_node\":3,"
            + "\"sideline_trace\":{\"traceparent\":\"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\","
            + "\"tracestate\":\"k=v\",\"links\":[\"b7ad6b7169203331\"]}}";

    @Test
    void aTraceContextTravelsInAFieldOfItsOwnAndSurvivesARetry() {
        TraceContext trace = new TraceContext("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "k=v",
                List.of("b7ad6b7169203331"), "barrier-7");
        JobPayload p = JobPayload.builder("Task1", "[\"a\"]", "j1", "default").trace(trace).build();

        String text = codec.encode(p);

        JsonObject o = parse(text);
        assertEquals("[\"a\"]", o.getJsonArray("args").toString(), "never in args");
        assertEquals("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                o.getJsonObject("sideline_trace").getString("traceparent"));
        assertEquals("barrier-7", o.getJsonObject("sideline_trace").getString("link_set"));
        assertEquals(trace, codec.decode(text).trace());
        assertEquals(trace, codec.decode(codec.encode(codec.decode(text).failed("E", "m", 1))).trace());
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", trace.traceId());
    }

    /** The context only describes the job for tracing: a field of another shape is dropped, the job still runs. */
    @Test
    void aTraceFieldOfAnotherShapeIsIgnoredNotFatal() {
        String text = "{\"class\":\"T\",\"args\":[],\"jid\":\"j\",\"queue\":\"q\",\"sideline_trace\":\"00-x\"}";
        assertEquals(null, codec.decode(text).trace());
        String linksBad = "{\"class\":\"T\",\"args\":[],\"jid\":\"j\",\"queue\":\"q\","
                + "\"sideline_trace\":{\"traceparent\":\"00-a-b-01\",\"links\":[1,\"b7ad6b7169203331\"]}}";
        assertEquals(List.of("b7ad6b7169203331"), codec.decode(linksBad).trace().links());
    }

    @Test
    void aTraceContextKeepsAtMost32Links() {
        List<String> many = java.util.stream.IntStream.range(0, 40).mapToObj(i -> String.format("%016x", i)).toList();
        assertEquals(TraceContext.MAX_LINKS, new TraceContext("00-a-b-01", null, many).links().size());
    }
}
