package io.sideline.ee.dashboard;

import io.sideline.ee.SidelineAdmin;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The errors behind a graph's dead and retrying nodes, for the page's node details. The graph stores states, not
 * errors; these live in the dead and retry sets, which have no index by run: this reads the newest
 * {@link SidelineAdmin#MAX_PAGE} entries of each (only when the graph has such a node), so an error older than that
 * is not shown (the node still says dead, and the dead list has it).
 */
final class NodeErrors {

    /** A node's last error. */
    public record NodeError(String errorClass, String errorMessage, int retryCount) {
    }

    private NodeErrors() {
    }

    static Map<String, NodeError> of(SidelineAdmin admin, JsonValue graph) {
        Set<String> failing = new HashSet<>();
        collect(graph, failing);
        Map<String, NodeError> errors = new HashMap<>();
        if (failing.isEmpty()) {
            return errors;
        }
        for (SidelineAdmin.JobSet set : new SidelineAdmin.JobSet[] {SidelineAdmin.JobSet.DEAD, SidelineAdmin.JobSet.RETRY}) {
            for (SidelineAdmin.JobEntry e : admin.jobs(set, SidelineAdmin.MAX_PAGE, null).items()) {
                if (failing.contains(e.jid())) {
                    errors.putIfAbsent(e.jid(), new NodeError(e.errorClass(), e.errorMessage(), e.retryCount()));
                }
            }
        }
        return errors;
    }

    /** The jids of the job nodes whose state is dead or retrying. */
    static void collect(JsonValue v, Set<String> into) {
        if (v instanceof JsonObject o) {
            if (o.containsKey("job")) {
                String state = o.getString("state", "");
                if ((state.equals("dead") || state.equals("retrying")) && o.get("jid") instanceof JsonString jid) {
                    into.add(jid.getString());
                }
                return;
            }
            o.values().forEach(child -> collect(child, into));
        } else if (v != null && v.getValueType() == JsonValue.ValueType.ARRAY) {
            v.asJsonArray().forEach(child -> collect(child, into));
        }
    }
}
