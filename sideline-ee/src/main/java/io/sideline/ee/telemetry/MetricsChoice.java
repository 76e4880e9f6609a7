package io.sideline.ee.telemetry;

import io.sideline.ee.runtime.JobCounters;
import io.sideline.ee.runtime.LiveGauges;

import jakarta.enterprise.inject.spi.BeanManager;

import java.util.logging.Logger;

/**
 * Chooses the {@link Metrics} at startup, once, as {@link TracingChoice} chooses the tracing: OpenTelemetry when its
 * API is visible and an enabled SDK is behind the CDI {@code OpenTelemetry} bean, otherwise {@link Metrics#OFF}
 * (nothing registered, nothing read from Redis, nothing recorded per job).
 */
public final class MetricsChoice {

    private static final Logger LOG = Logger.getLogger(MetricsChoice.class.getName());

    private MetricsChoice() {
    }

    /**
     * The metrics for this application, observing {@code counters} and reading {@code gauges} (with the stall
     * threshold {@code stallAfterMs}, while this server holds the fleet's reporter lease of {@code reporterLeaseMs});
     * logs the choice in one INFO line.
     */
    public static Metrics choose(BeanManager beans, JobCounters counters, LiveGauges gauges, long stallAfterMs,
                                 long reporterLeaseMs) {
        Metrics chosen;
        try {
            chosen = OtelMetrics.from(beans, counters, gauges, stallAfterMs, reporterLeaseMs);
        } catch (NoClassDefFoundError missingApi) {
            LOG.info("sideline: metrics off (the OpenTelemetry API is not visible to the application)");
            return Metrics.OFF;
        }
        LOG.info(chosen.on() ? "sideline: metrics on (OpenTelemetry)"
                : "sideline: metrics off (no enabled OpenTelemetry SDK behind the CDI OpenTelemetry bean)");
        return chosen;
    }
}
