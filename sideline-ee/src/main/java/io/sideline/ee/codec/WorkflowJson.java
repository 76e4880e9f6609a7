package io.sideline.ee.codec;

import io.sideline.ee.InvalidWorkflowException;
import io.sideline.ee.model.Step;

import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonWriter;
import jakarta.json.JsonWriterFactory;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Reads and writes the JSON form of a workflow tree, a public contract:
 * <ul>
 * <li>job: {@code {"job": "<job name>", "args": [ ... ], "queue": "<name>"}} — {@code args} and {@code queue} are
 *     optional, and are left out when writing if there are no arguments or the queue is the default (null);</li>
 * <li>chain: {@code {"chain": [ <step>, ... ]}}, group: {@code {"group": [ <step>, ... ]}} — either may be empty;</li>
 * <li>delay: {@code {"delay": <ms>, "step": <step>}} — a whole number of milliseconds, at least 0.</li>
 * </ul>
 *
 * <p>Parsing is strict: unknown, duplicate or misplaced keys, wrong value types, unknown job names, a tree nested
 * deeper than {@code maxDepth} steps (the root is level 1) or holding more than {@code maxJobs} jobs are refused with
 * an {@link InvalidWorkflowException} whose {@link InvalidWorkflowException#path() path} locates the first problem in
 * document order, e.g. {@code $.chain[1].group[0].job}; text that is not JSON is reported at {@code $} with the parser's
 * message. Limits are checked while descending, so no input can cause a StackOverflowError. Argument values may also
 * nest at most {@code maxDepth} levels; keep {@code maxDepth} well below the JSON-P implementation's own nesting limit
 * (1000 for Parsson) so that the clearer message of this class is the one users see.
 *
 * <p>Arguments are read as plain Java: string → String, true/false → Boolean, null → null, array → List, object →
 * LinkedHashMap (member order kept), and a number → Long if its BigDecimal scale is 0 (no fraction, no exponent) and it
 * fits in a long, otherwise → BigDecimal with the scale it was written with ({@code 1.50} stays {@code 1.50}). When
 * writing, plain data is converted directly and other argument objects are serialised with JSON-B.
 *
 * <p>Thread-safe: one instance may serve all threads. It owns one {@link Jsonb}, released by {@link #close()}.
 */
public final class WorkflowJson implements AutoCloseable {

    public static final int DEFAULT_MAX_DEPTH = 64;
    public static final int DEFAULT_MAX_JOBS = 100_000;

    private final Predicate<String> knownJobName;
    private final int maxDepth;
    private final int maxJobs;
    private final JsonParserFactory parsers;
    private final JsonWriterFactory writers;
    private final Jsonb jsonb;
    private final StepWriter stepWriter;
    private final PlainStepWriter plainWriter;

    /** Accepts every job name, with {@link #DEFAULT_MAX_DEPTH} and {@link #DEFAULT_MAX_JOBS}. */
    public WorkflowJson() {
        this(name -> true, DEFAULT_MAX_DEPTH, DEFAULT_MAX_JOBS);
    }

    /**
     * @param knownJobName says whether a job name is registered; parsing refuses names for which it is false
     * @param maxDepth     the deepest nesting of steps (and of argument values) accepted, at least 1
     * @param maxJobs      the most jobs a parsed tree may hold, at least 0
     */
    public WorkflowJson(Predicate<String> knownJobName, int maxDepth, int maxJobs) {
        this.knownJobName = Objects.requireNonNull(knownJobName, "knownJobName");
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be at least 1, was " + maxDepth);
        }
        if (maxJobs < 0) {
            throw new IllegalArgumentException("maxJobs must not be negative, was " + maxJobs);
        }
        this.maxDepth = maxDepth;
        this.maxJobs = maxJobs;
        // Looked up once: Json.createXxx() would search for the provider on every call.
        JsonProvider json = JsonProvider.provider();
        JsonBuilderFactory builders = json.createBuilderFactory(Map.of());
        this.parsers = json.createParserFactory(Map.of());
        this.writers = json.createWriterFactory(Map.of());
        this.jsonb = JsonbBuilder.create();
        ArgEncoder args = new ArgEncoder(json, builders, json.createReaderFactory(Map.of()), jsonb, maxDepth);
        this.stepWriter = new StepWriter(builders, args, maxDepth);
        this.plainWriter = new PlainStepWriter(maxDepth);
    }

    /**
     * The workflow tree written in {@code json}.
     *
     * @throws InvalidWorkflowException naming the path of the first problem
     */
    public Step parse(String json) {
        Objects.requireNonNull(json, "json");
        try (JsonParser parser = parsers.createParser(new StringReader(json))) {
            return new StepReader(parser, knownJobName, maxDepth, maxJobs).readWorkflow();
        }
    }

    /**
     * The compact JSON form of {@code step}.
     *
     * @throws InvalidWorkflowException if the tree is nested deeper than {@code maxDepth}, or an argument cannot be
     *                                  written (not a finite number, refused by JSON-B, nested too deeply)
     */
    public String format(Step step) {
        String plain = plainWriter.write(Objects.requireNonNull(step, "step")); // the usual tree, without JSON-P
        return plain != null ? plain : formatWithJsonP(step);
    }

    /** {@link #format} with JSON-P only: the reference {@link PlainStepWriter} is tested against. */
    String formatWithJsonP(Step step) {
        StringWriter out = new StringWriter();
        try (JsonWriter writer = writers.createWriter(out)) {
            writer.write(toJsonValue(step));
        }
        return out.toString();
    }

    /** The JSON form of {@code step} as a JSON-P object, for embedding in a larger document; see {@link #format}. */
    public JsonObject toJsonValue(Step step) {
        Objects.requireNonNull(step, "step");
        return stepWriter.write(step, JsonPaths.ROOT, 1);
    }

    /** Releases the JSON-B instance; the object must not be used afterwards. */
    @Override
    public void close() {
        try {
            jsonb.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not close JSON-B", e);
        }
    }
}
