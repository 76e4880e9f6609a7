package io.sideline.chaos.faults;

import io.sideline.chaos.ledger.ChaosRedis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * The driver's switches, read by the fault hooks: crash points armed per job label, duplicate deliveries to inject,
 * payloads to capture. All live in Redis so the driver can set them while the servers run, and each is consumed by
 * exactly one server ({@code SREM} answers 1 once).
 */
@ApplicationScoped
public class Arms {

    private static final Logger LOG = Logger.getLogger(Arms.class.getName());
    static final String ARM = "chaos:arm:";
    static final String HALTS = "chaos:halts";
    /** Payloads larger than this are not looked into (the 64 MiB bad-input payload passes the hooks untouched). */
    private static final int MAX_INSPECTED_CHARS = 64 * 1024;

    @Inject
    ChaosRedis redis;

    /** Whether {@code label} was armed at {@code point}; true for one caller only (the arm is removed). */
    public boolean consume(CrashPoint point, String label) {
        return consume(point.key(), label);
    }

    boolean consume(String arm, String label) {
        return label != null && redis.tryCall(r -> r.srem(ARM + arm, label), 0L) == 1L;
    }

    /** The labels armed at {@code point} (usually none: one cheap SMEMBERS). */
    Set<String> armed(CrashPoint point) {
        return redis.tryCall(r -> r.smembers(ARM + point.key()), Set.of());
    }

    /** Records the halt (the driver matches it to its cell), then halts the JVM at once, as kill -9 would. */
    public void halt(CrashPoint point, String label) {
        String event = Json.createObjectBuilder().add("point", point.key()).add("label", label == null ? "" : label)
                .add("server", ChaosRedis.SERVER).add("pid", ChaosRedis.PID).add("ms", System.currentTimeMillis())
                .build().toString();
        redis.call(r -> r.rpush(HALTS, event));
        LOG.severe(() -> "chaos: halting at " + point.key() + " for " + label);
        Runtime.getRuntime().halt(1);
    }

    ChaosRedis redis() {
        return redis;
    }

    /**
     * The chaos label of a payload: its first argument (a Task's label) or that argument's {@code label} property
     * (a TypedTask's input). Empty for anything else, including payloads that do not parse: the hooks only look,
     * the library decides what to do with bad input.
     */
    static Optional<String> labelOf(String raw) {
        if (raw == null || raw.length() > MAX_INSPECTED_CHARS) {
            return Optional.empty();
        }
        try (JsonReader reader = Json.createReader(new StringReader(raw))) {
            JsonValue value = reader.readValue();
            if (!(value instanceof JsonObject payload) || !(payload.get("args") instanceof JsonArray args) || args.isEmpty()) {
                return Optional.empty();
            }
            return labelOfArgs(args);
        } catch (RuntimeException | StackOverflowError e) {
            return Optional.empty();
        }
    }

    static Optional<String> labelOfArgs(JsonArray args) {
        JsonValue first = args.get(0);
        if (first instanceof JsonString label) {
            return Optional.of(label.getString());
        }
        if (first instanceof JsonObject input && input.get("label") instanceof JsonString label) {
            return Optional.of(label.getString());
        }
        return Optional.empty();
    }

    static Optional<String> labelOfArgs(String argsJson) {
        try (JsonReader reader = Json.createReader(new StringReader(argsJson))) {
            return labelOfArgs(reader.readArray());
        } catch (RuntimeException | StackOverflowError e) {
            return Optional.empty();
        }
    }
}
