package io.sideline.benchmark.api;

import io.sideline.ee.config.SidelineConfig;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;

/** The server JVM and the sideline settings in effect: heap (optionally after a GC), CPUs, versions. */
@Path("jvm")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class JvmResource {

    private static final double MB = 1024.0 * 1024.0;

    @Inject
    SidelineConfig config;
    @Inject
    io.sideline.ee.telemetry.Tracing tracing;
    @Inject
    io.sideline.ee.telemetry.Metrics metrics;

    @GET
    public JsonObject jvm(@QueryParam("gc") boolean gc) {
        MemoryUsage before = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        if (gc) {
            System.gc(); // the live set after the run, not whatever garbage happens to be uncollected
        }
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        JsonArrayBuilder collectors = Json.createArrayBuilder();
        for (GarbageCollectorMXBean c : ManagementFactory.getGarbageCollectorMXBeans()) {
            collectors.add(c.getName());
        }
        return Json.createObjectBuilder()
                .add("heap_used_before_gc_mb", round(before.getUsed() / MB))
                .add("heap_used_mb", round(heap.getUsed() / MB))
                .add("heap_committed_mb", round(heap.getCommitted() / MB))
                .add("heap_max_mb", round(heap.getMax() / MB))
                .add("after_gc", gc)
                .add("gc", collectors)
                .add("cpus", Runtime.getRuntime().availableProcessors())
                .add("threads", ManagementFactory.getThreadMXBean().getThreadCount())
                .add("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"))
                .add("input_arguments", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()))
                .add("sideline", Json.createObjectBuilder()
                        .add("concurrency", config.worker().concurrency())
                        .add("queues", String.join(",", config.worker().queues()))
                        .add("poll_interval_ms", config.worker().pollInterval().toMillis())
                        .add("fetch_timeout_ms", config.worker().fetchTimeout().toMillis())
                        .add("barrier_type", config.barrierType().name().toLowerCase())
                        .add("redis", config.redis().describe())
                        // whether an enabled OpenTelemetry SDK is behind the app (the telemetry-on pass checks it)
                        .add("tracing", tracing.on())
                        .add("metrics", metrics.on()))
                .build();
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
