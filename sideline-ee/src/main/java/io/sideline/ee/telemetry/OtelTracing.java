package io.sideline.ee.telemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.sideline.ee.codec.JobPayload;
import io.sideline.ee.codec.TraceContext;
import io.sideline.ee.runtime.TraceCarrier;
import io.sideline.ee.runtime.TraceLinks;

import jakarta.enterprise.inject.spi.BeanManager;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Tracing with the OpenTelemetry API (1.39, as Liberty's mpTelemetry-2.0 provides it), per the messaging semantic
 * conventions: a run is the PRODUCER span {@code sideline.run} at the root of a trace of its own; each execution of
 * one of its jobs is a CONSUMER span {@code process <queue>} parented to it, linked to the jobs it waited for. Only
 * this class and the other {@code Otel*} classes refer to the API: {@link TracingChoice} loads it only when the API
 * is visible.
 */
final class OtelTracing implements Tracing {

    static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("messaging.system");
    static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    static final AttributeKey<String> MESSAGE_ID = AttributeKey.stringKey("messaging.message.id");
    static final AttributeKey<String> OPERATION_TYPE = AttributeKey.stringKey("messaging.operation.type");
    static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("messaging.operation.name");
    static final AttributeKey<String> RUN_ID = AttributeKey.stringKey("sideline.run.id");
    static final AttributeKey<String> JOB = AttributeKey.stringKey("sideline.job");
    static final AttributeKey<Long> RETRY_COUNT = AttributeKey.longKey("sideline.retry_count");
    static final AttributeKey<Long> QUEUE_WAIT_MS = AttributeKey.longKey("sideline.queue_wait_ms");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
    static final AttributeKey<Long> RETRY_DELAY_MS = AttributeKey.longKey("sideline.retry.delay_ms");

    private static final Logger LOG = Logger.getLogger(OtelTracing.class.getName());
    private static final String SYSTEM_NAME = "sideline";
    private static final String SCOPE_NAME = "io.sideline.ee";

    private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final Tracer tracer;
    private final W3CTraceContextPropagator w3c = W3CTraceContextPropagator.getInstance();

    private final TraceLinks stored;

    OtelTracing(OpenTelemetry openTelemetry, TraceLinks stored) {
        this.tracer = openTelemetry.getTracer(SCOPE_NAME);
        this.stored = stored;
    }

    /**
     * Tracing through the application's CDI {@code OpenTelemetry} bean, or {@link Tracing#OFF} when there is none or
     * its SDK is disabled (mpTelemetry's default): see {@link OtelSdk}.
     */
    static Tracing from(BeanManager beans, TraceLinks stored) {
        OpenTelemetry enabled = OtelSdk.enabled(beans);
        return enabled == null ? Tracing.OFF : new OtelTracing(enabled, stored);
    }

    @Override
    public <T> T inRun(String runId, Supplier<T> planning) {
        SpanBuilder builder = tracer.spanBuilder("sideline.run").setSpanKind(SpanKind.PRODUCER).setNoParent()
                .setAttribute(SYSTEM, SYSTEM_NAME).setAttribute(OPERATION_TYPE, "send")
                .setAttribute(OPERATION_NAME, "send").setAttribute(RUN_ID, runId);
        SpanContext caller = Span.current().getSpanContext();
        if (caller.isValid()) {
            builder.addLink(caller); // a run may last days: it gets a trace of its own, linked to its caller's
        }
        Span span = builder.startSpan();
        try (Scope ignored = span.makeCurrent();
             TraceCarrier.AutoCloseableNoThrow carried = TraceCarrier.carry(contextOf(span))) {
            return planning.get();
        } catch (RuntimeException | Error e) {
            span.setStatus(StatusCode.ERROR);
            span.setAttribute(ERROR_TYPE, e.getClass().getName());
            throw e;
        } finally {
            span.end();
        }
    }

    @Override
    public JobTrace startJob(JobPayload payload, long nowMs) {
        TraceContext carried = payload.trace();
        Context parent = carried == null ? Context.root() : w3c.extract(Context.root(), headers(carried), GETTER);
        SpanContext run = Span.fromContext(parent).getSpanContext();
        SpanBuilder builder = tracer.spanBuilder("process " + payload.queue()).setSpanKind(SpanKind.CONSUMER)
                .setParent(parent)
                .setAttribute(SYSTEM, SYSTEM_NAME).setAttribute(DESTINATION, payload.queue())
                .setAttribute(MESSAGE_ID, payload.jid()).setAttribute(OPERATION_TYPE, "process")
                .setAttribute(OPERATION_NAME, "process").setAttribute(JOB, payload.jobName())
                .setAttribute(RETRY_COUNT, (long) payload.retryCount());
        if (payload.runId() != null) {
            builder.setAttribute(RUN_ID, payload.runId());
        }
        if (payload.enqueuedAt() != null) {
            builder.setAttribute(QUEUE_WAIT_MS, Math.max(0, nowMs - payload.enqueuedAt()));
        }
        if (run.isValid()) {
            for (String spanId : waitedFor(carried)) {
                if (SpanId.isValid(spanId)) {
                    builder.addLink(SpanContext.createFromRemoteParent(run.getTraceId(), spanId, run.getTraceFlags(),
                            run.getTraceState()));
                }
            }
        }
        Span span = builder.startSpan();
        // successors stay in the run's trace, under the run's span, linked to this job's span
        TraceContext next = run.isValid() ? carried.withLinks(List.of(span.getSpanContext().getSpanId()))
                : contextOf(span);
        return new OtelJobTrace(span, span.makeCurrent(), TraceCarrier.carry(next));
    }

    /**
     * The span ids of the jobs this one waited for: those its payload carries and, after a group, those its members
     * left beside the barrier they released ({@link TraceLinks}), at most {@link TraceContext#MAX_LINKS}. Redis
     * unavailable: the carried ones (a span never fails a job).
     */
    private Collection<String> waitedFor(TraceContext carried) {
        if (carried.linkSet() == null) {
            return carried.links();
        }
        Set<String> ids = new LinkedHashSet<>(carried.links());
        try {
            for (String id : stored.read(carried.linkSet())) {
                if (ids.size() >= TraceContext.MAX_LINKS) {
                    break;
                }
                ids.add(id);
            }
        } catch (RuntimeException unavailable) {
            LOG.log(Level.FINE, "sideline: the spans a job waited for could not be read; linking the carried ones",
                    unavailable);
        }
        return ids;
    }

    private TraceContext contextOf(Span span) {
        Map<String, String> headers = new HashMap<>(4);
        w3c.inject(Context.root().with(span), headers, Map::put);
        String parent = headers.get("traceparent");
        return parent == null ? null : new TraceContext(parent, headers.get("tracestate"), List.of());
    }

    private static Map<String, String> headers(TraceContext context) {
        Map<String, String> headers = new HashMap<>(4);
        headers.put("traceparent", context.traceparent());
        if (context.tracestate() != null) {
            headers.put("tracestate", context.tracestate());
        }
        return headers;
    }
}
