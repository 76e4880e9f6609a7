package io.sideline.ee.engine;

import io.opentelemetry.api.OpenTelemetry;
import io.sideline.ee.RunState;
import io.sideline.ee.telemetry.Metrics;
import io.sideline.ee.telemetry.MetricsChoice;
import io.sideline.ee.telemetry.Tracing;
import io.sideline.ee.telemetry.TracingChoice;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.sideline.ee.Sideline.chain;
import static io.sideline.ee.Sideline.job;
import static io.sideline.ee.Sideline.withDelay;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tracing off costs nothing: without an OpenTelemetry bean, with mpTelemetry's disabled SDK behind it, or without
 * the API on the classpath at all, the library runs as before and its payloads carry no trace byte; metrics are off
 * then too (nothing registered, nothing read from Redis).
 */
class TracingOffTest {

    /** mpTelemetry with {@code OTEL_SDK_DISABLED} unset: a bean whose SDK records nothing. */
    @ApplicationScoped
    public static class DisabledSdk {
        @Produces
        @ApplicationScoped
        OpenTelemetry openTelemetry() {
            return OpenTelemetry.noop();
        }
    }

    /**
     * The library's classes loaded afresh by a loader to which the OpenTelemetry API is invisible, as on a server
     * without mpTelemetry: the choice is made (no CDI needed to get there) and it is off, no error escaping.
     */
    @Test
    void withoutTheApiOnTheClasspathTracingIsOffAndNoErrorEscapes() throws Exception {
        ClassLoader parent = TracingOffTest.class.getClassLoader();
        ClassLoader withoutApi = new ClassLoader(parent) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                if (name.startsWith("io.opentelemetry.") || name.startsWith("io.sideline.ee.")) {
                    throw new ClassNotFoundException(name); // the library comes from the child below
                }
                return super.loadClass(name, resolve);
            }
        };
        java.net.URL library = TracingChoice.class.getProtectionDomain().getCodeSource().getLocation();
        try (java.net.URLClassLoader app = new java.net.URLClassLoader(new java.net.URL[] {library}, withoutApi)) {
            Class<?> choice = Class.forName(TracingChoice.class.getName(), true, app);
            Class<?> tracing = Class.forName(Tracing.class.getName(), true, app);
            assertThrows(ClassNotFoundException.class, () -> Class.forName("io.opentelemetry.api.OpenTelemetry", false, app),
                    "the API is really invisible here");
            Object chosen = choice.getMethod("choose", jakarta.enterprise.inject.spi.BeanManager.class)
                    .invoke(null, (Object) null);
            assertSame(tracing.getField("OFF").get(null), chosen);
            Class<?> counters = Class.forName(io.sideline.ee.runtime.JobCounters.class.getName(), true, app);
            Class<?> gauges = Class.forName(io.sideline.ee.runtime.LiveGauges.class.getName(), true, app);
            Object metrics = Class.forName(MetricsChoice.class.getName(), true, app)
                    .getMethod("choose", jakarta.enterprise.inject.spi.BeanManager.class, counters, gauges, long.class,
                            long.class)
                    .invoke(null, null, counters.getConstructor().newInstance(), null, 0L, 120_000L);
            assertSame(Class.forName(Metrics.class.getName(), true, app).getField("OFF").get(null), metrics);
        }
    }

    @Test
    void withoutAnOpenTelemetryBeanPayloadsCarryNoTraceField() {
        try (TestEngine engine = TestEngine.start(Map.of())) {
            assertSame(Tracing.OFF, engine.bean(Tracing.class));
            assertSame(Metrics.OFF, engine.bean(Metrics.class));
            assertNoTraceField(engine);
        }
    }

    @Test
    void withTheSdkDisabledPayloadsCarryNoTraceField() {
        try (TestEngine engine = TestEngine.startWith(Map.of(), DisabledSdk.class)) {
            assertSame(Tracing.OFF, engine.bean(Tracing.class));
            assertSame(Metrics.OFF, engine.bean(Metrics.class));
            assertNoTraceField(engine);
        }
    }

    @Test
    void withTracingOffAGroupsMembersLeaveNoSpanIdsForTheirSuccessor() {
        try (TestEngine engine = TestEngine.start(Map.of()); RedisClient redis = engine.redis()) {
            String runId = engine.workflows().run(chain(io.sideline.ee.Sideline.group(job(Rec.class, "a"),
                    job(Rec.class, "b")), job(Rec.class, "after")));
            Await.until("the run ends", Duration.ofSeconds(10),
                    () -> engine.workflows().status(runId).orElseThrow().state() == RunState.SUCCEEDED);
            assertEquals(java.util.Set.of(), redis.keys(engine.prefix + "barrier:*:spans"));
        }
    }

    /** A run whose second job waits in the schedule: its payload there, as every job's, has no trace field. */
    static void assertNoTraceField(TestEngine engine) {
        String runId = engine.workflows().run(chain(job(Rec.class, "now"), withDelay(job(Rec.class, "later"), 400)));
        try (RedisClient redis = engine.redis()) {
            List<String> scheduled = Await.value("the delayed job in the schedule", Duration.ofSeconds(10),
                    () -> redis.zrange(engine.prefix + "schedule", 0, -1), found -> !found.isEmpty());
            assertTrue(scheduled.get(0).contains(runId));
            assertFalse(scheduled.get(0).contains("sideline_trace"), scheduled.get(0));
        }
        Await.until("the run ends", Duration.ofSeconds(10),
                () -> engine.workflows().status(runId).orElseThrow().state() == RunState.SUCCEEDED);
        assertEquals(2, engine.log().of(runId).size());
    }
}
