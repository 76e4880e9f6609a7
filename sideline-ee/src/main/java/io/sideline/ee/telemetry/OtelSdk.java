package io.sideline.ee.telemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;

import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;

/**
 * Finds the application's enabled OpenTelemetry SDK: the CDI {@code OpenTelemetry} bean (mpTelemetry provides it),
 * when a span started to find out gets a valid context. A disabled SDK (mpTelemetry's default) hands out no-op
 * spans, whose context is invalid. The probe is never ended, so an enabled SDK never exports it.
 */
final class OtelSdk {

    private OtelSdk() {
    }

    /** The enabled SDK, or null when there is no bean or its SDK is disabled. */
    static OpenTelemetry enabled(BeanManager beans) {
        Instance<OpenTelemetry> found = beans.createInstance().select(OpenTelemetry.class);
        if (!found.isResolvable()) {
            return null;
        }
        OpenTelemetry openTelemetry = found.get();
        Span probe = openTelemetry.getTracer("io.sideline.ee").spanBuilder("sideline.probe").setNoParent().startSpan();
        return probe.getSpanContext().isValid() ? openTelemetry : null;
    }
}
