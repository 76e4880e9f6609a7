package io.sideline.ee.codec;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes and reads the payload field {@code sideline_trace}:
 * {@code {"traceparent":"00-…","tracestate":"…","links":["<span id>",…],"link_set":"<barrier id>"}}. Reading is lenient on purpose: the
 * context only describes the job for tracing, so a field that is not of this shape is dropped (the job runs
 * untraced) rather than costing the job its run.
 */
final class TraceFields {

    static final String FIELD = "sideline_trace";

    private TraceFields() {
    }

    static void write(StringBuilder b, TraceContext trace) {
        JsonText.quote(b.append(",\"").append(FIELD).append("\":{\"traceparent\":"), trace.traceparent());
        if (trace.tracestate() != null && !trace.tracestate().isEmpty()) {
            JsonText.quote(b.append(",\"tracestate\":"), trace.tracestate());
        }
        if (!trace.links().isEmpty()) {
            b.append(",\"links\":[");
            for (int i = 0; i < trace.links().size(); i++) {
                JsonText.quote(i == 0 ? b : b.append(','), trace.links().get(i));
            }
            b.append(']');
        }
        if (trace.linkSet() != null) {
            JsonText.quote(b.append(",\"link_set\":"), trace.linkSet());
        }
        b.append('}');
    }

    /** The context in {@code value}, or null when absent or not of the expected shape. */
    static TraceContext read(JsonValue value) {
        if (!(value instanceof JsonObject o) || !(o.get("traceparent") instanceof JsonString parent)) {
            return null;
        }
        String state = o.get("tracestate") instanceof JsonString s ? s.getString() : null;
        List<String> links = new ArrayList<>();
        if (o.get("links") instanceof JsonArray array) {
            for (JsonValue link : array) {
                if (link instanceof JsonString id && links.size() < TraceContext.MAX_LINKS) {
                    links.add(id.getString());
                }
            }
        }
        String linkSet = o.get("link_set") instanceof JsonString set ? set.getString() : null;
        return new TraceContext(parent.getString(), state, links, linkSet);
    }
}
