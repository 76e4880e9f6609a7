package io.sideline.ee.test;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AwaitTest {

    @Test
    void untilReturnsTheFirstValueThatIsDoneAndTreatsAThrowingProbeAsNotYet() {
        AtomicInteger polls = new AtomicInteger();
        int value = Await.until("the third poll", Duration.ofSeconds(10), () -> {
            if (polls.incrementAndGet() == 1) {
                throw new IllegalStateException("not listening yet");
            }
            return polls.get();
        }, n -> n >= 3);
        assertEquals(3, value);
    }

    @Test
    void untilFailsNamingWhatItAwaitedAndTheLastValueSeen() {
        AssertionError timedOut = assertThrows(AssertionError.class,
                () -> Await.until("a green light", Duration.ofMillis(250), () -> "red", "green"::equals));
        assertTrue(timedOut.getMessage().contains("waiting for a green light; last seen: red"), timedOut.getMessage());
    }

    @Test
    void holdsAnswersWithoutThrowingAndRequireFailsWithTheState() {
        assertTrue(Await.holds(Duration.ofSeconds(1), () -> true));
        assertFalse(Await.holds(Duration.ofMillis(250), () -> false));
        AssertionError timedOut = assertThrows(AssertionError.class,
                () -> Await.require("both servers up", Duration.ofMillis(250), () -> false, () -> "1 of 2"));
        assertTrue(timedOut.getMessage().endsWith("waiting for both servers up; last seen: 1 of 2"), timedOut.getMessage());
    }

    @Test
    void aFailedAssertionInsideTheConditionIsNotTakenForATimeout() {
        AssertionError inProbe = new AssertionError("a check inside the probe failed");
        assertSame(inProbe, assertThrows(AssertionError.class, () -> Await.holds(Duration.ofSeconds(5), () -> {
            throw inProbe;
        })));
    }
}
