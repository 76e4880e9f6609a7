package io.sideline.ee.codec;

import java.util.List;
import java.util.Objects;

/**
 * The trace context a job carries in its payload field {@code sideline_trace}, only while tracing is on: the W3C
 * {@code traceparent} of its run's span (and {@code tracestate}, if any), and the span ids of the jobs it waited for
 * (at most {@link #MAX_LINKS}), all in the run's trace. Never job arguments or memory values. Sidekiq-format readers
 * ignore the field; with tracing off it is absent and a payload is byte for byte what it was without tracing.
 *
 * @param traceparent the W3C {@code traceparent} header value of the run's span
 * @param tracestate  the W3C {@code tracestate} header value, or null
 * @param links       span ids (16 hex digits) of the predecessors' spans, in the trace of {@code traceparent}
 * @param linkSet     the barrier whose stored span ids ({@code TraceLinks}) name the other jobs this one waited for
 *                    (the members of a group before it), or null
 */
public record TraceContext(String traceparent, String tracestate, List<String> links, String linkSet) {

    /** A job waiting for more jobs links to the first 32: enough to show the graph, bounded in size. */
    public static final int MAX_LINKS = 32;

    public TraceContext {
        Objects.requireNonNull(traceparent, "traceparent");
        links = links == null ? List.of() : List.copyOf(links.size() > MAX_LINKS ? links.subList(0, MAX_LINKS) : links);
    }

    /** A context without a link set. */
    public TraceContext(String traceparent, String tracestate, List<String> links) {
        this(traceparent, tracestate, links, null);
    }

    /** The trace id of {@code traceparent} ({@code 00-<trace id>-<span id>-<flags>}), or null when malformed. */
    public String traceId() {
        return traceparent.length() >= 35 && traceparent.charAt(2) == '-' ? traceparent.substring(3, 35) : null;
    }

    /** This context with other links (the run's span unchanged). */
    public TraceContext withLinks(List<String> spanIds) {
        return new TraceContext(traceparent, tracestate, spanIds, null);
    }

    /** This context, naming the barrier whose stored span ids the jobs planned with it also link to. */
    public TraceContext withLinkSet(String barrierId) {
        return new TraceContext(traceparent, tracestate, links, barrierId);
    }
}
