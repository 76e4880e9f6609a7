package io.sideline.sample.it.otel;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;

/**
 * Appends spans to a file, one tab-separated line each: trace id, span id, parent span id, kind, name,
 * {@code sideline.run.id} and {@code sideline.job} ({@code -} when absent). What {@link SpanLine} reads back.
 */
final class SpanFileExporter implements SpanExporter {

    private static final AttributeKey<String> RUN_ID = AttributeKey.stringKey("sideline.run.id");
    private static final AttributeKey<String> JOB = AttributeKey.stringKey("sideline.job");

    private final Path file;

    SpanFileExporter(Path file) {
        this.file = file;
    }

    @Override
    public synchronized CompletableResultCode export(Collection<SpanData> spans) {
        StringBuilder lines = new StringBuilder();
        for (SpanData span : spans) {
            lines.append(span.getTraceId()).append('\t').append(span.getSpanId()).append('\t')
                    .append(span.getParentSpanId()).append('\t').append(span.getKind()).append('\t')
                    .append(span.getName()).append('\t').append(orDash(span.getAttributes().get(RUN_ID))).append('\t')
                    .append(orDash(span.getAttributes().get(JOB))).append('\n');
        }
        try {
            Files.writeString(file, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return CompletableResultCode.ofSuccess();
        } catch (IOException e) {
            return CompletableResultCode.ofFailure();
        }
    }

    private static String orDash(String value) {
        return value == null ? "-" : value;
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}
