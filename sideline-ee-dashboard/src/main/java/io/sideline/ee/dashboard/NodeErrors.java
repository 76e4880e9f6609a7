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
 * errors; these live in the dead and retry sets, which have no index by run or jid: each failing node's jid is
 * looked for in its own set (a dead node in the dead set, a retrying one in the retry set), page by page from the
 * newest, and the search stops as soon as every jid was found, after {@link #MAX_PAGES} pages of
 * {@link SidelineAdmin#MAX_PAGE} at most. So a run's recent errors cost one page, and an error older than the newest
 * 5,000 entries of its set is not shown (the node still says dead, and the dead list has it).
 */
final class NodeErrors {

    /** The most pages of one set read for one graph: bounded work per request, whatever the set holds. */
    static final int MAX_PAGES = 10;

    /** A node's last error. */
    public record NodeError(String errorClass, String errorMessage, int retryCount) {
    }

    private NodeErrors() {
    }

    static Map<String, NodeError> of(SidelineAdmin admin, JsonValue graph) {
        Set<String> dead = new HashSet<>();
        Set<String> retrying = new HashSet<>();
        collect(graph, dead, retrying);
        Map<String, NodeError> errors = new HashMap<>();
        find(admin, SidelineAdmin.JobSet.DEAD, dead, errors);
        find(admin, SidelineAdmin.JobSet.RETRY, retrying, errors);
        return errors;
    }

    /** Reads {@code set} from the newest until every jid of {@code wanted} is found, at most {@link #MAX_PAGES}. */
    private static void find(SidelineAdmin admin, SidelineAdmin.JobSet set, Set<String> wanted,
                             Map<String, NodeError> errors) {
        Set<String> missing = new HashSet<>(wanted);
        String cursor = null;
        for (int page = 0; !missing.isEmpty() && page < MAX_PAGES; page++) {
            SidelineAdmin.Page<SidelineAdmin.JobEntry> read = admin.jobs(set, SidelineAdmin.MAX_PAGE, cursor);
            for (SidelineAdmin.JobEntry e : read.items()) {
                if (missing.remove(e.jid())) {
                    errors.put(e.jid(), new NodeError(e.errorClass(), e.errorMessage(), e.retryCount()));
                }
            }
            cursor = read.next();
            if (cursor == null) {
                return;
            }
        }
    }

    /** The jids of the job nodes whose state is dead or retrying. */
    static void collect(JsonValue v, Set<String> into) {
        collect(v, into, into);
    }

    /** The jids of the job nodes whose state is dead, and of those retrying. */
    private static void collect(JsonValue v, Set<String> dead, Set<String> retrying) {
        if (v instanceof JsonObject o) {
            if (o.containsKey("job")) {
                String state = o.getString("state", "");
                if (o.get("jid") instanceof JsonString jid) {
                    if (state.equals("dead")) {
                        dead.add(jid.getString());
                    } else if (state.equals("retrying")) {
                        retrying.add(jid.getString());
                    }
                }
                return;
            }
            o.values().forEach(child -> collect(child, dead, retrying));
        } else if (v != null && v.getValueType() == JsonValue.ValueType.ARRAY) {
            v.asJsonArray().forEach(child -> collect(child, dead, retrying));
        }
    }
}
