package io.sideline.ee.codec;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A payload read by hand is the payload the JSON parser reads, field for field, and a payload it cannot read alike
 * (an escape, a fraction, a nested argument, invalid JSON) goes to the parser, which reads it or names what is wrong.
 */
class PlainPayloadReaderTest {

    private final PayloadCodec codec = new PayloadCodec();

    /** The payload or the error's message, whichever decoding gives. */
    private static Object outcome(java.util.function.Supplier<JobPayload> decode) {
        try {
            return decode.get();
        } catch (MalformedPayloadException e) {
            return "malformed: " + e.getMessage();
        }
    }

    private void same(String text) {
        assertEquals(outcome(() -> codec.decodeParsed(text)), outcome(() -> codec.decode(text)), text);
    }

    @Test
    void thePayloadsThePlannerWritesAreReadByHandAsTheParserReadsThem() {
        List<String> planned = new ArrayList<>();
        planned.add(codec.encode(JobPayload.builder("Count", "[\"g7\"]", "0123456789abcdef01234567", "default")
                .createdAt(1_764_900_000_000L).enqueuedAt(1_764_900_000_001L)
                .run("8f14e45f-ceea-467f-a0e6-0a1e5b0b6a21", List.of("root", "group", "chain")).node(13).build()));
        planned.add(codec.encode(JobPayload.builder("Alone", "[]", "j", "q").createdAt(0).build()));
        planned.add(codec.encode(JobPayload.builder("Mixed", "[1,-2,0,-0,true,false,null,\"\u00e9\u4e2d\",999999999999999999]",
                "j", "q").retry(false).retryCount(3).createdAt(5).build()));
        for (String text : planned) {
            assertNotNull(PlainPayloadReader.read(text), "read by hand: " + text);
            same(text);
        }
    }

    @Test
    void whatItCannotReadGoesToTheParserWithTheSameOutcome() {
        String head = "{\"class\":\"T\",\"jid\":\"j\",\"queue\":\"q\"";
        String[] others = {
            head + ",\"args\":[\"a\\\"b\"]}",                      // an escape
            head + ",\"args\":[1.5]}",                            // a fraction
            head + ",\"args\":[1e3]}",
            head + ",\"args\":[1234567890123456789]}",            // 19 digits
            head + ",\"args\":[[1]]}",                            // nested
            head + ",\"args\":[{\"k\":1}]}",
            head + ",\"args\":[01]}",                             // invalid JSON
            head + ",\"args\":[1,]}",
            head + ",\"args\":[tru]}",
            head + ",\"args\":\"x\"}",                             // not an array
            head + ",\"args\":null}",
            head + ",\"args\":[1],\"args\":7}",
            head + ", \"args\":[1]}",                             // whitespace
            head + ",\"extra\":1}",                               // an unknown field
            head + ",\"error_message\":\"line\\nbreak\",\"failed_at\":3,\"error_class\":\"E\"}",
            head + ",\"sideline_trace\":{\"traceparent\":\"00-1-2-01\"}}",
            head + ",\"sideline_callbacks\":[\"a\",\" \"]}",        // a blank id
            head + ",\"sideline_callbacks\":[\"a\",1]}",
            head + ",\"sideline_callbacks\":\"a\"}",
            head + ",\"sideline_node\":-1}",
            head + ",\"sideline_node\":4294967296}",
            head + ",\"sideline_node\":null,\"enqueued_at\":null,\"retry\":null}",
            head + ",\"created_at\":\"now\"}",
            head + ",\"retry\":false,\"retry\":true}",
            head + ",\"jid\":5}",
            head + ",\"class\":\" \"}",
            head + ",\"queue\":\"\\ud800\"}",
            head + ",\"queue\":\"\ud800\"}",                       // a lone surrogate
            head + "}}",
            head + "",
            head + ",}",
            "{}",
            "{\"class\":\"T\"}",
            "[]",
            "",
            "{\"class\":\"T\",\"jid\":\"j\",\"queue\":\"q\",\"args\":[\"x\"],\"sideline_run_id\":\"r\","
                    + "\"sideline_callbacks\":[],\"retry_count\":-0,\"created_at\":-12}"};
        for (String text : others) {
            same(text);
        }
        assertNull(PlainPayloadReader.read(head + ",\"args\":[1.5]}"), "a fraction goes to the parser");
        assertNull(PlainPayloadReader.read(head + ",\"extra\":1}"), "an unknown field goes to the parser");
    }

    @Test
    void argumentsAreBoundFromTheValuesTheParserReads() {
        String[] arrays = {"[]", "[\"a\",\"\u00e9\",1,-2,0,-0,999999999999999999,true,false,null]", "[\"a\\\"b\"]",
            "[1.5]", "[[1]]", "[{\"k\":1}]", "[1234567890123456789]", "[\"\"]", "[2147483648,-2147483649]"};
        for (String array : arrays) {
            jakarta.json.JsonArray parsed = codec.parseArrayWithParser(array);
            jakarta.json.JsonArray plain = codec.parseArray(array);
            assertEquals(parsed, plain, array);
            assertEquals(parsed.toString(), plain.toString(), array);
            for (int i = 0; i < parsed.size(); i++) {
                assertEquals(parsed.get(i).getValueType(), plain.get(i).getValueType(), array);
            }
        }
        assertNotNull(PlainPayloadReader.elements(arrays[1]), "read by hand");
        assertNull(PlainPayloadReader.elements("[1.5]"), "a fraction goes to the parser");
        assertNull(PlainPayloadReader.elements("[1] "), "trailing text goes to the parser");
    }
}
