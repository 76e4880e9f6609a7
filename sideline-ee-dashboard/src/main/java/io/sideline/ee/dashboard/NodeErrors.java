package io.sideline.ee.dashboard;

import io.sideline.ee.SidelineAdmin;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The errors behind a graph's dead and retrying nodes, for the page's node details. A failure records its error
 * beside its node, so the graph's node carries it ({@code error}) however old it is. Only a node without one (it
 * failed under a release before 2026-12-04, in a run still in flight across the upgrade) is looked for in the dead
 * and retry sets, which have no index by run or jid: each such jid in its own set (a dead node in the dead set, a
 * retrying one in the retry set), page by page from the newest, and the search stops as soon as every jid was found,
 * after {@link #MAX_PAGES} pages of {@link SidelineAdmin#MAX_PAGE} at most (an older error is not shown there).
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
        Map<String, NodeError> errors = new HashMap<>();
        collect(graph, dead, retrying, errors);
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

    /** An error as the graph's node carries it (fields absent or of another type read as null, 0). */
    private static NodeError carried(JsonObject e) {
        return new NodeError(e.get("error_class") instanceof JsonString c ? c.getString() : null,
                e.get("error_message") instanceof JsonString m ? m.getString() : null,
                e.get("retry_count") instanceof JsonNumber n ? n.intValue() : 0);
    }

    /** The jids of the job nodes whose state is dead or retrying and that carry no error. */
    static void collect(JsonValue v, Set<String> into) {
        collect(v, into, into, new HashMap<>());
    }

    /**
     * The errors the failing job nodes carry into {@code errors}, and the jids of those that carry none: dead ones
     * into {@code dead}, retrying ones into {@code retrying}.
     */
    private static void collect(JsonValue v, Set<String> dead, Set<String> retrying, Map<String, NodeError> errors) {
        if (v instanceof JsonObject o) {
            if (o.containsKey("job")) {
                String state = o.getString("state", "");
                if (o.get("jid") instanceof JsonString jid) {
                    if ((state.equals("dead") || state.equals("retrying")) && o.get("error") instanceof JsonObject e) {
                        errors.put(jid.getString(), carried(e));
                    } else if (state.equals("dead")) {
                        dead.add(jid.getString());
                    } else if (state.equals("retrying")) {
                        retrying.add(jid.getString());
                    }
                }
                return;
            }
            o.values().forEach(child -> collect(child, dead, retrying, errors));
        } else if (v != null && v.getValueType() == JsonValue.ValueType.ARRAY) {
            v.asJsonArray().forEach(child -> collect(child, dead, retrying, errors));
        }
    }
}
