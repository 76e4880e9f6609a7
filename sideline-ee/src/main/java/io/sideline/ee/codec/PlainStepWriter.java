package io.sideline.ee.codec;

import io.sideline.ee.model.Chain;
import io.sideline.ee.model.Group;
import io.sideline.ee.model.Job;
import io.sideline.ee.model.Step;
import io.sideline.ee.model.WithDelay;

import java.util.List;

/**
 * Writes the compact JSON form of a workflow tree by hand when every argument is a string, a whole number of at most
 * 64 bits, a boolean or null: the text JSON-P writes for it ({@link StepWriter}, then a JSON writer), which a launch
 * writes for the run's graph, each later step of a chain and each continuation. Any other argument, or a tree nested
 * deeper than allowed, goes to JSON-P, which writes it or names what is wrong.
 */
final class PlainStepWriter {

    private final int maxDepth;

    PlainStepWriter(int maxDepth) {
        this.maxDepth = maxDepth;
    }

    /** The JSON form of {@code step}, or null when JSON-P must write it. */
    String write(Step step) {
        StringBuilder out = new StringBuilder(128);
        return write(step, 1, out) ? out.toString() : null;
    }

    private boolean write(Step step, int depth, StringBuilder out) {
        if (depth > maxDepth) {
            return false;
        }
        if (step instanceof Job job) {
            JsonText.quote(out.append("{\"job\":"), job.name());
            if (!job.args().isEmpty() && !args(job.args(), out.append(",\"args\":"))) {
                return false;
            }
            if (job.queue() != null) {
                JsonText.quote(out.append(",\"queue\":"), job.queue());
            }
            out.append('}');
            return true;
        }
        if (step instanceof Chain chain) {
            return steps("{\"chain\":[", chain.steps(), depth, out);
        }
        if (step instanceof Group group) {
            return steps("{\"group\":[", group.steps(), depth, out);
        }
        if (step instanceof WithDelay delay) {
            out.append("{\"delay\":").append(delay.delayMs()).append(",\"step\":");
            if (!write(delay.step(), depth + 1, out)) {
                return false;
            }
            out.append('}');
            return true;
        }
        return false; // an unknown step: JSON-P names it
    }

    private boolean steps(String open, List<Step> steps, int depth, StringBuilder out) {
        out.append(open);
        for (int i = 0; i < steps.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            if (!write(steps.get(i), depth + 1, out)) {
                return false;
            }
        }
        out.append("]}");
        return true;
    }

    private static boolean args(List<Object> args, StringBuilder out) {
        out.append('[');
        for (int i = 0; i < args.size(); i++) {
            Object arg = args.get(i);
            if (i > 0) {
                out.append(',');
            }
            if (arg instanceof String text) {
                JsonText.quote(out, text);
            } else if (arg == null || arg instanceof Boolean || arg instanceof Long || arg instanceof Integer
                    || arg instanceof Short || arg instanceof Byte) {
                out.append(arg);
            } else {
                return false;
            }
        }
        out.append(']');
        return true;
    }
}
