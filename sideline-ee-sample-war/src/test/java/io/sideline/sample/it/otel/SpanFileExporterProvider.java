package io.sideline.sample.it.otel;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import java.nio.file.Path;

/**
 * The span exporter {@code TraceIT} ships to the server (in a small jar, found by the SDK's {@code ServiceLoader}):
 * chosen by {@code otel.traces.exporter=sideline-test-file}, it appends each ended span to the file that
 * {@code otel.exporter.sideline.file} names, where the IT reads it.
 */
public final class SpanFileExporterProvider implements ConfigurableSpanExporterProvider {

    /** The exporter's name, the value of {@code otel.traces.exporter}. */
    public static final String NAME = "sideline-test-file";
    /** The property naming the file (an {@code otel.} key: the server hands only those to the SDK). */
    public static final String FILE_PROPERTY = "otel.exporter.sideline.file";

    @Override
    public SpanExporter createExporter(ConfigProperties config) {
        return new SpanFileExporter(Path.of(config.getString(FILE_PROPERTY)));
    }

    @Override
    public String getName() {
        return NAME;
    }
}
