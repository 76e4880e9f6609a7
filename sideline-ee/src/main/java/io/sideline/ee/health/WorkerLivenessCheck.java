package io.sideline.ee.health;

import io.sideline.ee.cdi.RunningWorker;
import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.worker.Worker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import java.util.List;
import java.util.Optional;

/**
 * Liveness: whether this server's own loops (fetchers, promoter, heartbeat, reaper) are alive and turning.
 * It never asks Redis: a Redis outage makes the server unready, not dead, and restarting it would not help.
 * DOWN with the reason ({@code jvm}) once the JVM cannot go on (repeated {@code OutOfMemoryError}s); jobs
 * running longer than {@code sideline.job.warn-after-ms} are listed in the data ({@code longRunningJobs}).
 * A worker still waiting for Redis (started before it) is alive while its retries turn: UP, with
 * {@code state: waiting for Redis} and the last error in its data. One whose first contact was refused for good
 * (strict mode and an unsafe posture) is DOWN with the reason: a restart after fixing Redis is what it needs.
 */
@Liveness
@ApplicationScoped
public class WorkerLivenessCheck implements HealthCheck {

    /** A loop counts as stuck when it has not turned for this many of its longest waits. */
    private static final long TOLERANCE_FACTOR = 5;

    @Inject
    SidelineConfig config;
    @Inject
    RunningWorker running;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("sideline-workers");
        if (!config.worker().enabled()) {
            return response.up().withData("worker", "disabled").build();
        }
        Optional<Worker> worker = running.current();
        if (worker.isEmpty()) {
            return response.down().withData("worker", "not started").build();
        }
        Optional<String> fatal = worker.get().fatalError();
        if (fatal.isPresent()) {
            return response.down().withData("worker", worker.get().id()).withData("jvm", fatal.get()).build();
        }
        long tolerance = TOLERANCE_FACTOR * Math.max(config.worker().fetchTimeout().toMillis(),
                Math.max(config.worker().heartbeatInterval().toMillis(), config.worker().reaperInterval().toMillis()));
        long now = System.currentTimeMillis();
        boolean alive = worker.get().alive(now, tolerance);
        response.withData("worker", worker.get().id());
        Optional<String> waiting = worker.get().waitingForRedis();
        Optional<String> refused = worker.get().refusal();
        response.withData("state", refused.isPresent() ? "refused" : waiting.isPresent() ? "waiting for Redis" : "running");
        waiting.ifPresent(error -> response.withData("redis", error));
        if (refused.isPresent()) {
            return response.down().withData("refused", refused.get()).build();
        }
        // Stalled runs are reported, not fatal: restarting this server would not move them.
        response.withData("stalledRuns", worker.get().stalledRuns().size());
        // Queues with jobs that no live worker serves: their runs wait until such a server starts (not fatal either).
        List<String> unserved = worker.get().unservedQueues();
        response.withData("unservedQueues", unserved.size());
        if (!unserved.isEmpty()) {
            response.withData("unservedQueueNames", String.join(",", unserved));
        }
        // Long-running jobs are reported, not fatal: their fetchers are replaced when they ignore their timeout.
        List<String> longRunning = worker.get().longRunningJobs(now);
        response.withData("longRunningJobs", longRunning.size());
        if (!longRunning.isEmpty()) {
            response.withData("longRunning", String.join("; ", longRunning));
        }
        return alive ? response.up().build()
                : response.down().withData("stuck", String.join(", ", worker.get().unhealthyLoops(now, tolerance))).build();
    }
}
