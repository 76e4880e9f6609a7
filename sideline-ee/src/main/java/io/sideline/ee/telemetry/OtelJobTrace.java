package io.sideline.ee.telemetry;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.sideline.ee.runtime.TraceCarrier;

/**
 * The CONSUMER span of one job execution (see {@link OtelTracing}), current on the worker's thread, with the trace
 * context its continuations carry; closed in the reverse order of opening, on that thread.
 */
final class OtelJobTrace implements JobTrace {

    private final Span span;
    private final Scope scope;
    private final TraceCarrier.AutoCloseableNoThrow carried;

    OtelJobTrace(Span span, Scope scope, TraceCarrier.AutoCloseableNoThrow carried) {
        this.span = span;
        this.scope = scope;
        this.carried = carried;
    }

    @Override
    public void failed(Throwable failure, int retryCount, boolean retry, long delayMs) {
        String type = failure.getClass().getName();
        span.setStatus(StatusCode.ERROR);
        span.setAttribute(OtelTracing.ERROR_TYPE, type);
        if (retry) {
            span.addEvent("sideline.retry", Attributes.of(OtelTracing.ERROR_TYPE, type,
                    OtelTracing.RETRY_COUNT, (long) retryCount, OtelTracing.RETRY_DELAY_MS, delayMs));
        } else {
            span.addEvent("sideline.dead", Attributes.of(OtelTracing.ERROR_TYPE, type,
                    OtelTracing.RETRY_COUNT, (long) retryCount));
        }
    }

    @Override
    public void cancelled() {
        span.addEvent("sideline.cancelled");
    }

    @Override
    public void close() {
        carried.close();
        scope.close();
        span.end();
    }
}
