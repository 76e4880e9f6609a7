package io.sideline.sample.it;

import io.sideline.ee.test.Await;
import io.sideline.ee.test.liberty.LibertyServer;
import io.sideline.sample.it.otel.SpanFileExporterProvider;
import io.sideline.sample.it.otel.SpanLine;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * One trace per run on a real Liberty with {@code mpTelemetry-2.0}: the sample server is restarted with an enabled
 * SDK whose span exporter the test ships ({@link SpanFileExporterProvider}, an SPI found through
 * {@code META-INF/services}, in a jar made here from the test classes and put on the application's class path by a
 * {@code configDropins} override), two runs of the seed's workflow are started over REST, and the spans the exporter
 * wrote are read back: per run one PRODUCER span {@code sideline.run} at the root of its own trace, and one CONSUMER
 * span per job (Task1..Task4) in that trace, each a child of the run's span and carrying its run id.
 *
 * <p>The SDK is enabled at the application's level (the override's {@code appProperties}), as Liberty loads an
 * exporter from the application only then (a runtime-level SDK loads exporters from the server's own bundles). The
 * override is removed and the server restarted before the class ends, so the other ITs see the usual server.
 */
class TraceIT {

    private static final SampleApi API = SampleApi.fromSystemProperties();
    private static final LibertyServer SERVER = SampleApi.libertyServer();
    private static final String SEED = "{\"chain\":[{\"job\":\"Task1\"},{\"group\":[{\"job\":\"Task2\"},"
            + "{\"job\":\"Task3\"}]},{\"job\":\"Task4\"}]}";

    @BeforeAll
    static void serverIsUp() {
        API.awaitReady(Duration.ofSeconds(120));
    }

    @Test
    void eachRunIsOneTraceWhoseJobSpansAreChildrenOfItsRunSpan() throws IOException {
        Path dir = SERVER.dir();
        Path override = dir.resolve("configDropins/overrides/trace-it.xml");
        Path jar = dir.resolve("trace-it-exporter.jar");
        Path spans = dir.resolve("logs/trace-it-spans.tsv");
        byte[] env = ServerEnv.read(SERVER.serverEnv());
        try {
            Files.deleteIfExists(spans);
            writeExporterJar(jar);
            Files.createDirectories(override.getParent());
            Files.writeString(override, override(jar, spans));
            ServerEnv.restartWith(SERVER, API, env);

            List<String> runs = List.of(API.run(SEED), API.run(SEED));
            for (String runId : runs) {
                JsonObject status = API.awaitFinished(runId, Duration.ofSeconds(60));
                assertEquals(SampleApi.SUCCEEDED, status.getString("state"), status.toString());
            }
            List<SpanLine> all = Await.until("the spans of both runs in " + spans, Duration.ofSeconds(30),
                    () -> read(spans), found -> runs.stream().allMatch(r -> ofRun(found, r).size() == 5));
            Set<String> traces = runs.stream().map(r -> assertOneTrace(ofRun(all, r))).collect(Collectors.toSet());
            assertEquals(2, traces.size(), "each run a trace of its own: " + all);
        } finally {
            Files.deleteIfExists(override);
            ServerEnv.restartWith(SERVER, API, env);
            Files.deleteIfExists(jar);
        }
    }

    /** The run's spans: its run span at the root, its four job spans under it; returns the trace id. */
    private static String assertOneTrace(List<SpanLine> spans) {
        List<SpanLine> producers = spans.stream().filter(s -> s.kind().equals("PRODUCER")).toList();
        assertEquals(1, producers.size(), "one run span: " + spans);
        SpanLine run = producers.get(0);
        assertEquals("sideline.run", run.name());
        assertEquals("0000000000000000", run.parentSpanId(), "the run's span is the root of its trace: " + run);
        List<SpanLine> jobs = spans.stream().filter(s -> s.kind().equals("CONSUMER")).toList();
        assertEquals(List.of("Task1", "Task2", "Task3", "Task4"), jobs.stream().map(SpanLine::job).sorted().toList());
        for (SpanLine job : jobs) {
            assertEquals(run.traceId(), job.traceId(), "one trace per run: " + job);
            assertEquals(run.spanId(), job.parentSpanId(), "a job's span is a child of its run's: " + job);
            assertEquals("process default", job.name());
            assertNotEquals("-", job.runId());
        }
        return run.traceId();
    }

    private static List<SpanLine> ofRun(List<SpanLine> spans, String runId) {
        return spans.stream().filter(s -> s.runId().equals(runId)).toList();
    }

    private static List<SpanLine> read(Path spans) {
        try {
            if (!Files.exists(spans)) {
                return List.of();
            }
            try (Stream<String> lines = Files.lines(spans, StandardCharsets.UTF_8)) {
                return lines.filter(l -> !l.isBlank()).map(SpanLine::parse).toList();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The application-level SDK with the shipped exporter, and the exporter's jar on the application's path. */
    private static String override(Path jar, Path spans) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <!-- written and removed by TraceIT -->
                <server>
                    <library id="traceItExporter" apiTypeVisibility="+third-party">
                        <file name="%s"/>
                    </library>
                    <webApplication id="sample" location="sideline-ee-sample-war.war" contextRoot="/sample">
                        <classloader apiTypeVisibility="+third-party" commonLibraryRef="traceItExporter"/>
                        <appProperties>
                            <property name="otel.sdk.disabled" value="false"/>
                            <property name="otel.traces.exporter" value="%s"/>
                            <property name="%s" value="%s"/>
                            <property name="otel.bsp.schedule.delay" value="200"/>
                            <property name="otel.metrics.exporter" value="none"/>
                            <property name="otel.logs.exporter" value="none"/>
                        </appProperties>
                    </webApplication>
                </server>
                """.formatted(jar, SpanFileExporterProvider.NAME, SpanFileExporterProvider.FILE_PROPERTY, spans);
    }

    /** A jar of the exporter's classes (from the test classes) and its {@code META-INF/services} entry. */
    private static void writeExporterJar(Path jar) throws IOException {
        Path classes;
        try {
            classes = Path.of(SpanFileExporterProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        String pkg = SpanFileExporterProvider.class.getPackageName().replace('.', '/');
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.list(classes.resolve(pkg))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                out.putNextEntry(new JarEntry(pkg + "/" + file.getFileName()));
                out.write(Files.readAllBytes(file));
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry(
                    "META-INF/services/io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider"));
            out.write((SpanFileExporterProvider.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
    }
}
