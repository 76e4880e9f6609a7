package io.sideline.ee.codec;

import io.sideline.ee.InvalidWorkflowException;
import io.sideline.ee.model.Chain;
import io.sideline.ee.model.Group;
import io.sideline.ee.model.Job;
import io.sideline.ee.model.Step;
import io.sideline.ee.model.WithDelay;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A tree written by hand is the text JSON-P writes for it; other trees are written, or refused, by JSON-P. */
class PlainStepWriterTest {

    private final WorkflowJson json = new WorkflowJson(name -> true, 5, 100_000);

    @AfterEach
    void close() {
        json.close();
    }

    private void same(Step step) {
        assertEquals(json.formatWithJsonP(step), json.format(step), () -> "tree " + step);
    }

    @Test
    void plainTreesAreWrittenByHandAsJsonPWritesThem() {
        Step wf14 = Chain.of(Job.named("a", "a"), Job.named("b"), new Job("c", Arrays.asList(null, true, false, 0, -1L,
                        Long.MIN_VALUE, (short) 3, (byte) -4, "q\"\\/\u0000\u001f\u007f\u00e9\uD83D\uDE00"), "io"),
                Group.of(Job.named("g0", "x"), new WithDelay(Job.named("g1"), 1_500), new WithDelay(Chain.of(
                        Job.named("d1"), Job.named("d2")), 0)), Job.named("f"));
        assertNotNull(new PlainStepWriter(5).write(wf14), "written by hand");
        same(wf14);
        same(Job.named("alone"));
        same(Chain.of());
        same(Group.of());
        StringBuilder every = new StringBuilder();
        for (char c = 0; c < 0x3000; c++) {
            every.append(c);
        }
        same(Job.named("every char", every.toString()));
    }

    @Test
    void otherArgumentsAndTooDeepTreesGoToJsonP() {
        List<Step> others = new ArrayList<>(List.of(Job.named("d", 1.5), Job.named("b", new BigDecimal("1E+3")),
                Job.named("m", Map.of("k", List.of(1))), Job.named("l", List.of("x"))));
        for (Step step : others) {
            assertNull(new PlainStepWriter(5).write(step));
            same(step);
        }
        Step deep = Chain.of(Chain.of(Chain.of(Chain.of(Chain.of(Job.named("too deep"))))));
        assertNull(new PlainStepWriter(5).write(deep));
        assertThrows(InvalidWorkflowException.class, () -> json.format(deep));
        assertThrows(InvalidWorkflowException.class, () -> json.format(Job.named("nan", Double.NaN)));
    }
}
