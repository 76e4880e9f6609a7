package io.sideline.chaos.it;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A workflow tree as the driver builds it: the chaos jobs in chains, groups and delays, with its JSON form (what
 * is POSTed) and its graph (what the records are checked against). The driver's own model, so that the check does
 * not reuse the code under test.
 */
sealed interface Tree {

    /** The start of the run, as the predecessor of the first jobs. */
    String START = "(start)";

    JsonValue toJsonValue();

    default String json() {
        return toJsonValue().toString();
    }

    /** Every job of the tree, depth first. */
    default List<Job> jobs() {
        List<Job> jobs = new ArrayList<>();
        visit(this, jobs::add);
        return jobs;
    }

    /**
     * A job. {@code kind} is the registered name (Task, TypedTask, Poison). For a TypedTask, {@code value} is the
     * value given in its arguments (null: hydrated from memory) and {@code expectedInput} the value it must see.
     */
    record Job(String kind, String label, long workMs, Long value, Long expectedInput) implements Tree {
        static Job task(String label, long workMs) {
            return new Job("Task", label, workMs, null, null);
        }

        static Job typed(String label, long workMs, Long value, long expectedInput) {
            return new Job("TypedTask", label, workMs, value, expectedInput);
        }

        static Job poison(String label) {
            return new Job("Poison", label, 0, null, null);
        }

        @Override
        public JsonValue toJsonValue() {
            JsonArrayBuilder args = Json.createArrayBuilder();
            switch (kind) {
                case "TypedTask" -> {
                    JsonObjectBuilder input = Json.createObjectBuilder().add("label", label).add("workMs", workMs);
                    if (value != null) {
                        input.add("value", value);
                    }
                    args.add(input);
                }
                case "Poison" -> args.add(label);
                default -> args.add(label).add(workMs);
            }
            return Json.createObjectBuilder().add("job", kind).add("args", args).build();
        }
    }

    record Chain(List<Tree> steps) implements Tree {
        @Override
        public JsonValue toJsonValue() {
            JsonArrayBuilder array = Json.createArrayBuilder();
            steps.forEach(s -> array.add(s.toJsonValue()));
            return Json.createObjectBuilder().add("chain", array).build();
        }
    }

    record Group(List<Tree> steps) implements Tree {
        @Override
        public JsonValue toJsonValue() {
            JsonArrayBuilder array = Json.createArrayBuilder();
            steps.forEach(s -> array.add(s.toJsonValue()));
            return Json.createObjectBuilder().add("group", array).build();
        }
    }

    record Delay(long ms, Tree step) implements Tree {
        @Override
        public JsonValue toJsonValue() {
            return Json.createObjectBuilder().add("delay", ms).add("step", step.toJsonValue()).build();
        }
    }

    static Chain chain(Tree... steps) {
        return new Chain(List.of(steps));
    }

    static Group group(Tree... steps) {
        return new Group(List.of(steps));
    }

    static Delay delay(long ms, Tree step) {
        return new Delay(ms, step);
    }

    private static void visit(Tree tree, Consumer<Job> action) {
        if (tree instanceof Job job) {
            action.accept(job);
        } else if (tree instanceof Chain chain) {
            chain.steps().forEach(s -> visit(s, action));
        } else if (tree instanceof Group group) {
            group.steps().forEach(s -> visit(s, action));
        } else if (tree instanceof Delay delay) {
            visit(delay.step(), action);
        }
    }

    /** "{@code to} may start only after {@code from} completed, and at least {@code delayMs} after it." */
    record Edge(String from, String to, long delayMs) {
    }

    /**
     * The order the tree demands, as edges between jobs: in a chain each step waits for the last jobs of the step
     * before it (through empty steps), a group's members all wait for what precedes the group, and a delay adds to
     * the wait of every edge into its step (nested delays add up; a delay around an empty step still waits).
     */
    default List<Edge> edges() {
        List<Edge> edges = new ArrayList<>();
        place(this, List.of(new Edge(START, START, 0)), edges);
        return edges;
    }

    /** Places {@code tree} after the exits {@code incoming} (edge.from = exit job, delayMs = wait so far). */
    private static List<Edge> place(Tree tree, List<Edge> incoming, List<Edge> edges) {
        if (tree instanceof Job job) {
            incoming.forEach(in -> edges.add(new Edge(in.from(), job.label(), in.delayMs())));
            return List.of(new Edge(job.label(), job.label(), 0));
        }
        if (tree instanceof Chain chain) {
            List<Edge> current = incoming;
            for (Tree step : chain.steps()) {
                current = place(step, current, edges);
            }
            return current;
        }
        if (tree instanceof Group group) {
            if (group.steps().isEmpty()) {
                return incoming;
            }
            List<Edge> exits = new ArrayList<>();
            group.steps().forEach(step -> exits.addAll(place(step, incoming, edges)));
            return exits;
        }
        if (tree instanceof Delay delay) {
            List<Edge> shifted = incoming.stream()
                    .map(in -> new Edge(in.from(), in.to(), in.delayMs() + delay.ms())).toList();
            return place(delay.step(), shifted, edges);
        }
        throw new IllegalArgumentException("unknown tree " + tree);
    }
}
