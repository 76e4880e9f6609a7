package io.sideline.ee.codec;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The arguments written by hand are the very text JSON-B writes: a payload's bytes do not depend on the path. */
class ArgsJsonTest {

    private static final ArgsJson ARGS = new ArgsJson();
    private static final Jsonb JSONB = JsonbBuilder.create();

    @AfterAll
    static void close() throws Exception {
        ARGS.close();
        JSONB.close();
    }

    private static void same(List<Object> args) {
        assertEquals(JSONB.toJson(args), ARGS.toJsonArray(args), () -> "args " + args);
    }

    @Test
    void everyUtf16CodeUnitIsEscapedAsJsonBEscapesIt() {
        for (int from = 0; from < 0x10000; from += 256) {
            StringBuilder chunk = new StringBuilder();
            List<Object> singles = new ArrayList<>();
            for (int c = from; c < from + 256; c++) {
                chunk.append((char) c);
                singles.add(String.valueOf((char) c));
            }
            same(List.of(chunk.toString()));
            same(singles);
        }
        same(List.of("emoji \uD83D\uDE00 and a lone \uD800 surrogate", "quote \" backslash \\ slash / tab \t"));
    }

    @Test
    void integersBooleansAndNullsAreWrittenAsJsonBWritesThem() {
        same(List.of());
        same(Arrays.asList(null, true, false, "", 0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE,
                Long.MIN_VALUE, (short) -7, (byte) 12, 42L));
    }

    @Test
    void otherArgumentsStillGoThroughJsonB() {
        same(List.of(1.5, new BigDecimal("1e400"), Map.of("k", List.of(1, "x")), List.of("nested")));
        same(Arrays.asList("a", 2.0d, null));
    }
}
