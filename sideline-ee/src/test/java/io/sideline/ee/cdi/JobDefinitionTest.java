package io.sideline.ee.cdi;

import io.sideline.ee.SidelineJob;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** JobDefinition: what it derives once from the job's method and annotation is what reflection says. */
class JobDefinitionTest {

    record Order(String id, int quantity) {
    }

    @SidelineJob(queue = "billing", timeoutMs = 2_500, retry = 3)
    static final class TypedJob {
        public void perform(Order order) {
        }
    }

    static final class PlainJob {
        public void perform(String id, List<Long> amounts, int times) {
        }
    }

    private static JobDefinition of(Class<?> type) {
        Method perform = Arrays.stream(type.getMethods()).filter(m -> m.getName().equals("perform")).findFirst().orElseThrow();
        return new JobDefinition(type.getSimpleName(), type, null, perform);
    }

    @Test
    void aTypedJobsInputAndAnnotationAreReadFromItsClass() {
        JobDefinition typed = of(TypedJob.class);
        assertSame(Order.class, typed.inputType());
        assertTrue(typed.typed());
        assertEquals("billing", typed.queue());
        assertEquals(2_500, typed.timeoutMs());
        assertEquals(3, typed.retry());
    }

    @Test
    void aPlainJobBindsPositionallyWithTheDefaultsOfNoAnnotation() throws NoSuchMethodException {
        JobDefinition plain = of(PlainJob.class);
        Method perform = PlainJob.class.getMethod("perform", String.class, List.class, int.class);
        assertNull(plain.inputType());
        assertFalse(plain.typed());
        assertNull(plain.queue());
        assertEquals(-1, plain.timeoutMs());
        assertEquals(-1, plain.retry());
        assertArrayEquals(perform.getParameterTypes(), plain.parameterTypes());
        assertArrayEquals(perform.getGenericParameterTypes(), plain.genericParameterTypes());
        assertEquals("java.util.List<java.lang.Long>", plain.genericParameterTypes()[1].getTypeName());
        // read once: every call gets the same array, not a copy per call as Method hands out
        assertSame(plain.genericParameterTypes(), plain.genericParameterTypes());
        assertSame(plain.parameterTypes(), plain.parameterTypes());
    }

    @Test
    void twoDefinitionsOfTheSameJobAreEqual() {
        assertEquals(of(PlainJob.class), of(PlainJob.class));
        assertEquals(of(PlainJob.class).hashCode(), of(PlainJob.class).hashCode());
        assertFalse(of(PlainJob.class).equals(of(TypedJob.class)));
    }
}
