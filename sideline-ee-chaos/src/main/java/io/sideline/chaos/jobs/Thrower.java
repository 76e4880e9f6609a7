package io.sideline.chaos.jobs;

import io.sideline.chaos.ledger.Ledger;
import io.sideline.ee.JobContext;
import io.sideline.ee.SidelineJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * A job that throws a JVM {@link Error} (issue 9 §4): {@code {"job":"Thrower","args":["e3/InternalError", 1]}}
 * throws the error named after the label's last {@code /} on its first 1 attempts, then succeeds. The error is
 * chosen from a fixed list, never resolved by reflection. A {@code StackOverflowError} is a real one (unbounded
 * recursion); the others are thrown as a failing library or JVM would.
 */
@ApplicationScoped
@SidelineJob("Thrower")
public class Thrower {

    @Inject
    JobContext job;
    @Inject
    Ledger ledger;

    public void perform(String label, Long failingAttempts) {
        Ledger.Execution execution = ledger.start(job, label, null);
        if (job.retryCount() < failingAttempts) {
            throw error(label.substring(label.lastIndexOf('/') + 1));
        }
        ledger.end(execution, null);
    }

    private static Error error(String name) {
        return switch (name) {
            case "StackOverflowError" -> {
                recurse(0); // overflows: the StackOverflowError leaves perform as a real one would
                yield new AssertionError("chaos: the stack did not overflow");
            }
            case "OutOfMemoryError" -> new OutOfMemoryError("chaos: Java heap space (thrown)");
            case "InternalError" -> new InternalError("chaos: internal error");
            case "NoClassDefFoundError" -> new NoClassDefFoundError("chaos/Missing");
            default -> new AssertionError("chaos: unknown error " + name);
        };
    }

    private static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }
}
