package io.sideline.ee.engine;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * The CDI {@code OpenTelemetry} bean mpTelemetry provides on a server, here a real SDK whose meter provider has an
 * in-memory reader, which the test collects from (the tracer provider is the SDK's default, exporting nothing).
 */
@ApplicationScoped
public class MetricsBeans {

    /** The reader of the next engine started with this bean. */
    static volatile InMemoryMetricReader reader;

    @Produces
    @ApplicationScoped
    OpenTelemetry openTelemetry() {
        return OpenTelemetrySdk.builder()
                .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(reader).build())
                .build();
    }
}
