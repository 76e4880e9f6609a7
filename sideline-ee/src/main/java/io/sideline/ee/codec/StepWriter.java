package io.sideline.ee.codec;

import io.sideline.ee.InvalidWorkflowException;
import io.sideline.ee.model.Chain;
import io.sideline.ee.model.Group;
import io.sideline.ee.model.Job;
import io.sideline.ee.model.Step;
import io.sideline.ee.model.WithDelay;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.util.List;

/**
 * Turns a step tree into its JSON form as a JSON-P object: {@code {"job", "args", "queue"}}, {@code {"chain"}},
 * {@code {"group"}} or {@code {"delay", "step"}}, with empty {@code args} and a null {@code queue} left out. It applies
 * the same {@code maxDepth} as parsing, so it never overflows the stack on a tree built in code and never writes a
 * document that {@code parse} would refuse for its depth. Job names are written as they are: checking them against the
 * registry is the reader's job. Thread-safe: it holds only thread-safe factories.
 */
final class StepWriter {

    private final JsonBuilderFactory builders;
    private final ArgEncoder args;
    private final int maxDepth;

    StepWriter(JsonBuilderFactory builders, ArgEncoder args, int maxDepth) {
        this.builders = builders;
        this.args = args;
        this.maxDepth = maxDepth;
    }

    /** The JSON form of {@code step}, found at {@code path} at nesting {@code depth} (1 for the root). */
    JsonObject write(Step step, String path, int depth) {
        if (depth > maxDepth) {
            throw new InvalidWorkflowException(path, "steps are nested deeper than maxDepth " + maxDepth);
        }
        if (step instanceof Job job) {
            return writeJob(job, path);
        }
        if (step instanceof Chain chain) {
            return writeSteps("chain", chain.steps(), path, depth);
        }
        if (step instanceof Group group) {
            return writeSteps("group", group.steps(), path, depth);
        }
        if (step instanceof WithDelay delay) {
            return writeDelay(delay, path, depth);
        }
        throw Step.unknown(step);
    }

    private JsonObject writeJob(Job job, String path) {
        JsonObjectBuilder object = builders.createObjectBuilder().add("job", job.name());
        if (!job.args().isEmpty()) {
            object.add("args", args.encodeArgs(job.args(), JsonPaths.member(path, "args")));
        }
        if (job.queue() != null) {
            object.add("queue", job.queue());
        }
        return object.build();
    }

    private JsonObject writeSteps(String kind, List<Step> steps, String path, int depth) {
        String kindPath = JsonPaths.member(path, kind);
        JsonArrayBuilder array = builders.createArrayBuilder();
        for (int i = 0; i < steps.size(); i++) {
            array.add(write(steps.get(i), JsonPaths.index(kindPath, i), depth + 1));
        }
        return builders.createObjectBuilder().add(kind, array).build();
    }

    private JsonObject writeDelay(WithDelay delay, String path, int depth) {
        return builders.createObjectBuilder()
                .add("delay", delay.delayMs())
                .add("step", write(delay.step(), JsonPaths.member(path, "step"), depth + 1))
                .build();
    }
}
