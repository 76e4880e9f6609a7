package io.sideline.ee.telemetry;

import io.sideline.ee.runtime.TraceLinks;
import jakarta.enterprise.inject.spi.BeanManager;

import java.util.logging.Logger;

/**
 * Chooses the {@link Tracing} at startup, once: OpenTelemetry when its API is visible to the application and an
 * enabled SDK is behind the CDI {@code OpenTelemetry} bean (mpTelemetry provides it), otherwise {@link Tracing#OFF}.
 * Nothing is looked up by name: the only classes that refer to the API ({@link OtelTracing}, {@link OtelJobTrace})
 * are reached through one call, and when the API is missing that call's {@code NoClassDefFoundError} is the answer
 * "off", caught here, once, so a server without the API never sees one.
 */
public final class TracingChoice {

    private static final Logger LOG = Logger.getLogger(TracingChoice.class.getName());

    private TracingChoice() {
    }

    /** The tracing for this application, from its CDI beans; logs the choice in one INFO line. */
    public static Tracing choose(BeanManager beans) {
        return choose(beans, TraceLinks.NONE);
    }

    /** As {@link #choose(BeanManager)}; a job's span also links to the span ids {@code links} keeps for it. */
    public static Tracing choose(BeanManager beans, TraceLinks links) {
        Tracing chosen;
        try {
            chosen = OtelTracing.from(beans, links);
        } catch (NoClassDefFoundError missingApi) {
            LOG.info("sideline: tracing off (the OpenTelemetry API is not visible to the application)");
            return Tracing.OFF;
        }
        LOG.info(chosen.on() ? "sideline: tracing on (OpenTelemetry)"
                : "sideline: tracing off (no enabled OpenTelemetry SDK behind the CDI OpenTelemetry bean)");
        return chosen;
    }
}
