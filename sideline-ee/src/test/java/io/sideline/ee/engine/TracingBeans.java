package io.sideline.ee.engine;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * The CDI {@code OpenTelemetry} bean mpTelemetry provides on a server, here a real SDK exporting every ended span
 * to an in-memory exporter, which the test reads.
 */
@ApplicationScoped
public class TracingBeans {

    /** The exporter of the next engine started with this bean. */
    static volatile InMemorySpanExporter exporter;

    @Produces
    @ApplicationScoped
    OpenTelemetry openTelemetry() {
        return OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter))
                        .build())
                .build();
    }
}
