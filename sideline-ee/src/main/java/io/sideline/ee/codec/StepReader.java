package io.sideline.ee.codec;

import io.sideline.ee.InvalidWorkflowException;
import io.sideline.ee.model.Chain;
import io.sideline.ee.model.Group;
import io.sideline.ee.model.Job;
import io.sideline.ee.model.Step;
import io.sideline.ee.model.WithDelay;

import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParser.Event;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reads one workflow tree from a streaming JSON-P parser, checking the JSON form while it descends. Working on the
 * event stream rather than on a parsed {@code JsonValue} tree means the depth and job-count limits are enforced before
 * any deep or huge input has been materialised, so hostile input can neither exhaust the stack nor the heap; it also
 * lets duplicate keys be rejected, which a {@code JsonObject} would silently collapse. The first problem in document
 * order is reported. An instance serves a single {@code parse} call: it holds the parser and the running job count,
 * so it is not thread-safe and must not be reused.
 */
final class StepReader {

    /** The kind keys, in the order the messages list them. */
    private static final String KIND_NAMES = "job, chain, group, delay";

    private final JsonParser parser;
    private final Predicate<String> knownJobName;
    private final int maxDepth;
    private final int maxJobs;
    private int jobs;

    StepReader(JsonParser parser, Predicate<String> knownJobName, int maxDepth, int maxJobs) {
        this.parser = parser;
        this.knownJobName = knownJobName;
        this.maxDepth = maxDepth;
        this.maxJobs = maxJobs;
    }

    /** Reads the whole document, which must be exactly one step. */
    Step readWorkflow() {
        Step root = readStep(next(), JsonPaths.ROOT, 1);
        if (hasNext()) {
            throw new InvalidWorkflowException(JsonPaths.ROOT, "not valid JSON: unexpected content after the workflow");
        }
        return root;
    }

    /** Reads the step that starts with {@code event}; {@code depth} is 1 for the root step. */
    private Step readStep(Event event, String path, int depth) {
        // Checked before reading the step's members, so recursion never goes deeper than maxDepth.
        if (depth > maxDepth) {
            throw new InvalidWorkflowException(path, "steps are nested deeper than maxDepth " + maxDepth);
        }
        if (event != Event.START_OBJECT) {
            throw new InvalidWorkflowException(path, "a step must be a JSON object with one of "
                    + KIND_NAMES + ", found " + describe(event));
        }
        StepFields fields = new StepFields(path);
        for (Event member = next(); member != Event.END_OBJECT; member = next()) {
            String key = parser.getString();
            String keyPath = JsonPaths.member(path, key);
            fields.acceptKey(key, keyPath);
            readMember(fields, key, keyPath, depth);
        }
        return fields.toStep();
    }

    private void readMember(StepFields fields, String key, String keyPath, int depth) {
        switch (key) {
            case "job" -> {
                countJob(fields.path);
                fields.jobName = readJobName(keyPath);
            }
            case "args" -> fields.args = readArgs(keyPath);
            case "queue" -> fields.queue = readNonBlankString(keyPath, "queue");
            case "chain", "group" -> fields.steps = readSteps(key, keyPath, depth);
            case "delay" -> fields.delayMs = readDelay(keyPath);
            case "step" -> fields.step = readStep(next(), keyPath, depth + 1);
            default -> throw new IllegalStateException("key not rejected by StepFields: " + key);
        }
    }

    private void countJob(String stepPath) {
        jobs++;
        if (jobs > maxJobs) {
            throw new InvalidWorkflowException(stepPath, "workflow has more than maxJobs " + maxJobs + " jobs");
        }
    }

    private String readJobName(String keyPath) {
        String name = readNonBlankString(keyPath, "job");
        if (!knownJobName.test(name)) {
            throw new InvalidWorkflowException(keyPath, "unknown job name '" + name + "'");
        }
        return name;
    }

    private String readNonBlankString(String keyPath, String what) {
        Event event = next();
        if (event != Event.VALUE_STRING) {
            throw new InvalidWorkflowException(keyPath, what + " must be a non-blank string, found " + describe(event));
        }
        String value = parser.getString();
        if (value.isBlank()) {
            throw new InvalidWorkflowException(keyPath, what + " must be a non-blank string, found a blank string");
        }
        return value;
    }

    private List<Step> readSteps(String kind, String keyPath, int depth) {
        Event event = next();
        if (event != Event.START_ARRAY) {
            throw new InvalidWorkflowException(keyPath, kind + " must be an array of steps, found " + describe(event));
        }
        List<Step> steps = new ArrayList<>();
        for (Event element = next(); element != Event.END_ARRAY; element = next()) {
            steps.add(readStep(element, JsonPaths.index(keyPath, steps.size()), depth + 1));
        }
        return steps;
    }

    private long readDelay(String keyPath) {
        Event event = next();
        if (event != Event.VALUE_NUMBER) {
            throw new InvalidWorkflowException(keyPath,
                    "delay must be a whole number of milliseconds, found " + describe(event));
        }
        BigDecimal delay = readBigDecimal(keyPath);
        if (delay.signum() < 0) {
            throw new InvalidWorkflowException(keyPath, "delay must not be negative, was " + delay);
        }
        try {
            // Accepts 1000, 1000.0 and 1e3 alike: what matters is the value, not how it was written.
            return delay.longValueExact();
        } catch (ArithmeticException e) {
            throw new InvalidWorkflowException(keyPath,
                    "delay must be a whole number of milliseconds that fits in a long, was " + delay);
        }
    }

    private List<Object> readArgs(String keyPath) {
        Event event = next();
        if (event != Event.START_ARRAY) {
            throw new InvalidWorkflowException(keyPath, "args must be an array, found " + describe(event));
        }
        return readArgElements(keyPath, 1);
    }

    /** Reads the elements of an array whose START_ARRAY was consumed; elements are at nesting {@code depth}. */
    private List<Object> readArgElements(String path, int depth) {
        List<Object> values = new ArrayList<>();
        for (Event element = next(); element != Event.END_ARRAY; element = next()) {
            values.add(readArg(element, JsonPaths.index(path, values.size()), depth));
        }
        return values;
    }

    /** Converts one argument value to plain Java; a top-level argument has {@code depth} 1. */
    private Object readArg(Event event, String path, int depth) {
        return switch (event) {
            case START_ARRAY -> {
                checkArgDepth(path, depth);
                yield readArgElements(path, depth + 1);
            }
            case START_OBJECT -> {
                checkArgDepth(path, depth);
                yield readArgMembers(path, depth + 1);
            }
            case VALUE_STRING -> parser.getString();
            case VALUE_NUMBER -> toPlainNumber(readBigDecimal(path));
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            // A conforming parser never yields these where a value is expected.
            case KEY_NAME, END_ARRAY, END_OBJECT -> throw new IllegalStateException("parser yielded " + event
                    + " where a value was expected at " + path);
        };
    }

    private Map<String, Object> readArgMembers(String path, int depth) {
        Map<String, Object> members = new LinkedHashMap<>();
        for (Event member = next(); member != Event.END_OBJECT; member = next()) {
            String key = parser.getString();
            String keyPath = JsonPaths.member(path, key);
            if (members.containsKey(key)) {
                throw new InvalidWorkflowException(keyPath, "duplicate key '" + key + "'");
            }
            members.put(key, readArg(next(), keyPath, depth));
        }
        return members;
    }

    private void checkArgDepth(String path, int depth) {
        if (depth > maxDepth) {
            throw new InvalidWorkflowException(path, "argument is nested deeper than maxDepth " + maxDepth);
        }
    }

    /**
     * The documented number rule: a number whose BigDecimal scale is 0 (one written without fraction or exponent)
     * that fits in a long is a Long, so job parameters of type int/long bind without surprises; every other number
     * stays a BigDecimal with the scale it was written with, so 1.50 is formatted back as 1.50 and no precision is
     * ever lost.
     */
    private static Object toPlainNumber(BigDecimal number) {
        if (number.scale() == 0 && number.unscaledValue().bitLength() < Long.SIZE) {
            return number.longValueExact();
        }
        return number;
    }

    private BigDecimal readBigDecimal(String path) {
        try {
            return parser.getBigDecimal();
        } catch (RuntimeException e) {
            // Implementations refuse absurd numbers differently (Parsson: UnsupportedOperationException for more than
            // 1100 digits, NumberFormatException for a huge exponent); all of them mean "this number is unusable".
            throw new InvalidWorkflowException(path, "number cannot be read: " + e.getMessage());
        }
    }

    private Event next() {
        try {
            return parser.next();
        } catch (RuntimeException e) {
            throw notJson(e);
        }
    }

    private boolean hasNext() {
        try {
            return parser.hasNext();
        } catch (RuntimeException e) {
            throw notJson(e);
        }
    }

    /**
     * Syntax errors surface lazily from {@code next()}/{@code hasNext()}. They are usually a JsonParsingException, but
     * Parsson reports its own nesting limit as a plain RuntimeException and an empty stream may end in
     * NoSuchElementException, so any failure of the parser itself means the text is not acceptable JSON.
     */
    private static InvalidWorkflowException notJson(RuntimeException cause) {
        String detail = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        InvalidWorkflowException invalid = new InvalidWorkflowException(JsonPaths.ROOT, "not valid JSON: " + detail);
        invalid.initCause(cause);
        return invalid;
    }

    private static String describe(Event event) {
        return switch (event) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            case KEY_NAME, END_OBJECT, END_ARRAY -> event.toString();
        };
    }

    /**
     * The members of one step object as they are read. Keys are checked as they arrive so that a misplaced key is
     * reported before the parser descends into its value.
     */
    private static final class StepFields {

        private static final Set<String> KINDS = Set.of("job", "chain", "group", "delay");

        /** The keys allowed next to each kind key. */
        private static final Map<String, Set<String>> COMPANIONS = Map.of(
                "job", Set.of("args", "queue"),
                "chain", Set.of(),
                "group", Set.of(),
                "delay", Set.of("step"));

        private static final Set<String> ALL_COMPANIONS = Set.of("args", "queue", "step");

        final String path;
        private final Set<String> seen = new LinkedHashSet<>();
        private String kind;

        String jobName;
        List<Object> args;
        String queue;
        List<Step> steps;
        long delayMs;
        Step step;

        StepFields(String path) {
            this.path = path;
        }

        void acceptKey(String key, String keyPath) {
            if (!KINDS.contains(key) && !ALL_COMPANIONS.contains(key)) {
                throw new InvalidWorkflowException(keyPath, "unknown key '" + key
                        + "'; a step is {job, args, queue}, {chain}, {group} or {delay, step}");
            }
            if (!seen.add(key)) {
                throw new InvalidWorkflowException(keyPath, "duplicate key '" + key + "'");
            }
            if (KINDS.contains(key)) {
                acceptKind(key);
            } else if (kind != null) {
                checkCompanion(key, keyPath);
            }
        }

        private void acceptKind(String key) {
            if (kind != null) {
                throw new InvalidWorkflowException(path, "a step must have exactly one of " + KIND_NAMES
                        + ", found both '" + kind + "' and '" + key + "'");
            }
            kind = key;
            // Companions may come before the kind key ({"args": [], "job": "x"}): check those now.
            for (String earlier : seen) {
                if (ALL_COMPANIONS.contains(earlier)) {
                    checkCompanion(earlier, JsonPaths.member(path, earlier));
                }
            }
        }

        private void checkCompanion(String key, String keyPath) {
            if (!COMPANIONS.get(kind).contains(key)) {
                throw new InvalidWorkflowException(keyPath, "'" + key + "' is not allowed in a " + kind + " step");
            }
        }

        Step toStep() {
            if (kind == null) {
                throw new InvalidWorkflowException(path, "a step must have one of " + KIND_NAMES
                        + (seen.isEmpty() ? ", found an empty object" : ", found only " + seen));
            }
            return switch (kind) {
                case "job" -> new Job(jobName, args, queue);
                case "chain" -> new Chain(steps);
                case "group" -> new Group(steps);
                case "delay" -> delayed();
                default -> throw new IllegalStateException("unhandled kind " + kind);
            };
        }

        private Step delayed() {
            if (step == null) {
                throw new InvalidWorkflowException(path, "a delay must have a 'step' to delay");
            }
            return new WithDelay(step, delayMs);
        }
    }
}
