package io.sideline.ee.codec;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A run's graph for operators: the workflow tree in its JSON form (as stored at launch) in which every job node also
 * has {@code state} (pending, scheduled, queued, running, retrying, succeeded, dead, cancelled) and {@code jid} (null while not
 * planned); a dead or retrying one also its last {@code error} ({@code error_class}, {@code error_message},
 * {@code retry_count}) where the failure recorded it in the graph. Job nodes are numbered in document order, as the
 * planner numbers them.
 */
public final class RunGraphs {

    private RunGraphs() {
    }

    /** The number of job nodes in a stored tree. */
    public static int jobNodes(String tree) {
        return count(read(tree));
    }

    private static int count(JsonValue v) {
        if (v instanceof JsonObject o) {
            if (o.containsKey("job")) {
                return 1;
            }
            int n = 0;
            for (JsonValue child : o.values()) {
                n += count(child);
            }
            return n;
        }
        if (v.getValueType() == JsonValue.ValueType.ARRAY) {
            return v.asJsonArray().stream().mapToInt(RunGraphs::count).sum();
        }
        return 0;
    }

    /**
     * The tree with each job node's state and jid.
     *
     * @param states  by node number: {@code <state>:<jid>}, or null for a node not planned yet
     * @param running the jids some worker holds now (a queued, scheduled or retrying node among them is running)
     */
    public static String withStates(String tree, List<String> states, Set<String> running) {
        return withStates(tree, states, running, false);
    }

    /**
     * The tree with each job node's state and jid; in a cancelled run ({@code cancelled}) a node never planned is
     * {@code cancelled}, not pending: nothing of the run starts any more.
     */
    public static String withStates(String tree, List<String> states, Set<String> running, boolean cancelled) {
        return withStates(tree, states, running, cancelled, Map.of());
    }

    /**
     * The tree with each job node's state and jid, and each dead or retrying node's {@code error} from
     * {@code errors} (by jid: the JSON object the failure stored; a jid without one, or with one that does not
     * parse, gets none).
     */
    public static String withStates(String tree, List<String> states, Set<String> running, boolean cancelled,
                                    Map<String, String> errors) {
        int[] next = {0};
        return annotate(read(tree), states, running, next, cancelled ? "cancelled" : "pending", errors).toString();
    }

    /** Whether a stored node state ({@code <state>:<jid>}) is one whose error the graph shows. */
    public static boolean failing(String stored) {
        return stored != null && (stored.startsWith("dead:") || stored.startsWith("retrying:"));
    }

    private static JsonValue annotate(JsonValue v, List<String> states, Set<String> running, int[] next,
                                      String unplanned, Map<String, String> errors) {
        if (v instanceof JsonObject o) {
            JsonObjectBuilder out = Json.createObjectBuilder();
            if (o.containsKey("job")) {
                o.forEach(out::add);
                String stored = next[0] < states.size() ? states.get(next[0]) : null;
                next[0]++;
                if (stored == null) {
                    return out.add("state", unplanned).add("jid", JsonValue.NULL).build();
                }
                int colon = stored.indexOf(':');
                String state = stored.substring(0, colon);
                String jid = stored.substring(colon + 1);
                boolean waiting = state.equals("queued") || state.equals("scheduled") || state.equals("retrying");
                out.add("state", waiting && running.contains(jid) ? "running" : state).add("jid", jid);
                JsonObject error = failing(stored) ? errorOf(errors.get(jid)) : null;
                return (error == null ? out : out.add("error", error)).build();
            }
            o.forEach((name, child) -> out.add(name, annotate(child, states, running, next, unplanned, errors)));
            return out.build();
        }
        if (v.getValueType() == JsonValue.ValueType.ARRAY) {
            JsonArrayBuilder out = Json.createArrayBuilder();
            v.asJsonArray().forEach(child -> out.add(annotate(child, states, running, next, unplanned, errors)));
            return out.build();
        }
        return v;
    }

    /** The jid of a payload, if it has one. */
    public static Optional<String> jidOf(String payload) {
        try (JsonReader reader = Json.createReader(new StringReader(payload))) {
            return reader.readValue() instanceof JsonObject o && o.get("jid") instanceof JsonString s
                    ? Optional.of(s.getString()) : Optional.empty();
        } catch (RuntimeException | StackOverflowError e) {
            return Optional.empty();
        }
    }

    /** A stored error, or null for none or for one that is not a JSON object (nothing from Redis is trusted). */
    private static JsonObject errorOf(String stored) {
        if (stored == null) {
            return null;
        }
        try {
            return read(stored) instanceof JsonObject o ? o : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static JsonValue read(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readValue();
        }
    }
}
