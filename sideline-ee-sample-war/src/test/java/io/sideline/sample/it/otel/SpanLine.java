package io.sideline.sample.it.otel;

/** One span as {@link SpanFileExporter} wrote it. */
public record SpanLine(String traceId, String spanId, String parentSpanId, String kind, String name, String runId,
                       String job) {

    /** Parses a line of the file. */
    public static SpanLine parse(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != 7) {
            throw new IllegalArgumentException("not a span line: " + line);
        }
        return new SpanLine(f[0], f[1], f[2], f[3], f[4], f[5], f[6]);
    }
}
