package io.sideline.ee.worker;

import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.runtime.JobQueue;
import io.sideline.ee.runtime.Processes;
import io.sideline.ee.runtime.RunStore;
import io.sideline.ee.runtime.Scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Sidekiq's launcher: starts this server's loops (fetchers per queue, promoter, heartbeat, reaper, orphan
 * sweep) on an executor and stops them cleanly. On stop, in-flight jobs get the configured grace period to finish;
 * those still running are handed back to their queues (their late completion is fenced), and finally
 * whatever is left in this worker's in-progress list is requeued, so nothing is lost or left behind.
 */
public final class Worker {

    private static final Logger LOG = Logger.getLogger(Worker.class.getName());

    private final SidelineConfig config;
    private final WorkerIdentity identity;
    private final JobQueue queue;
    private final Processes processes;
    private final Scheduler scheduler;
    private final StopSignal stop;
    private final Processor processor;
    private final RunStore runs;
    private final List<Loop> loops = new ArrayList<>();
    private StallLoop stallLoop;
    private final List<Future<?>> futures = new ArrayList<>();

    public Worker(SidelineConfig config, WorkerIdentity identity, JobQueue queue, Processes processes,
                  Scheduler scheduler, StopSignal stop, Processor processor, RunStore runs) {
        this.runs = runs;
        this.config = config;
        this.identity = identity;
        this.queue = queue;
        this.processes = processes;
        this.scheduler = scheduler;
        this.stop = stop;
        this.processor = processor;
    }

    public synchronized void start(ExecutorService executor) {
        HeartbeatLoop heartbeat = new HeartbeatLoop(stop, processes, identity.id(), config.heartbeatInterval(),
                config.heartbeatTtl(), identity.describe(config));
        heartbeat.beat(); // alive before the first fetch, so no reaper takes what we fetch
        loops.add(heartbeat);
        loops.add(new ReapLoop(stop, processes, identity.id(), config.reaperInterval().toMillis()));
        loops.add(new PromoteLoop(stop, scheduler, config.pollInterval().toMillis()));
        stallLoop = new StallLoop(stop, runs, config.stallAfter().toMillis());
        loops.add(stallLoop);
        for (String queueName : config.queues()) {
            for (int i = 0; i < config.concurrency(); i++) {
                loops.add(new FetchLoop("fetcher " + queueName + "#" + i, stop, queue, queueName, identity.id(),
                        config.fetchTimeout(), processor));
            }
        }
        // an unreadable orphan goes to a queue this worker serves, whose fetcher then buries it visibly
        loops.add(new OrphanSweep(stop, queue, identity.id(), orphanSweepIntervalMs(), this::heldJobs,
                raw -> processor.queueOf(raw).orElse(config.queues().get(0))));
        for (Loop loop : loops) {
            futures.add(executor.submit(loop));
        }
        LOG.info(() -> "sideline: worker " + identity.id() + " started: queues " + config.queues() + " x "
                + config.concurrency() + " threads, Redis " + config.describeRedis());
    }

    public synchronized void stop() {
        if (loops.isEmpty() || stop.stopping()) {
            return;
        }
        stop.stop();
        long deadline = System.nanoTime() + config.shutdownGrace().toNanos() + config.fetchTimeout().toNanos();
        for (int i = 0; i < loops.size(); i++) {
            awaitUntil(futures.get(i), deadline);
        }
        handBackUnfinished();
        for (Future<?> future : futures) {
            future.cancel(true);
        }
        processes.retire(identity.id());
        long leftovers = processes.reap(identity.id());
        LOG.info(() -> "sideline: worker " + identity.id() + " stopped" + (leftovers > 0
                ? "; requeued " + leftovers + " job(s) it had not finished" : ""));
    }

    /** Whether every loop is still turning (for the liveness check): none died, none is stuck. */
    public boolean alive(long nowMs, long toleranceMs) {
        if (loops.isEmpty() || stop.stopping()) {
            return false;
        }
        return loops.stream().noneMatch(l -> l.finished() || l.overdue(nowMs, toleranceMs));
    }

    /** Names of loops that died or are stuck, for the liveness check's data. */
    public List<String> unhealthyLoops(long nowMs, long toleranceMs) {
        return loops.stream().filter(l -> l.finished() || l.overdue(nowMs, toleranceMs))
                .map(Loop::name).toList();
    }

    /** Runs found stalled by the last look (see {@code sideline.run.stall-after-ms}). */
    public List<String> stalledRuns() {
        return stallLoop == null ? List.of() : stallLoop.lastReported();
    }

    /** Jobs this worker has finished processing since it started (completed, failed, fenced or buried). */
    public long processedJobs() {
        return loops.stream().filter(l -> l instanceof FetchLoop).mapToLong(l -> ((FetchLoop) l).processed()).sum();
    }

    public String id() {
        return identity.id();
    }

    /**
     * Long enough that a job on its way from Redis to a fetcher (at most one socket timeout) is never taken for
     * an orphan; as often as the reaper looks for dead workers' jobs.
     */
    private long orphanSweepIntervalMs() {
        return Math.max(config.reaperInterval().toMillis(), 2 * config.redisTimeout().toMillis());
    }

    /** The payloads this worker's fetchers hold right now. */
    private List<String> heldJobs() {
        List<String> held = new ArrayList<>();
        for (Loop loop : loops) {
            if (loop instanceof FetchLoop fetcher && fetcher.current() != null) {
                held.add(fetcher.current());
            }
        }
        return held;
    }

    private void handBackUnfinished() {
        for (Loop loop : loops) {
            if (loop instanceof FetchLoop fetcher && fetcher.current() != null) {
                String raw = fetcher.current();
                if (queue.requeue(identity.id(), raw, fetcher.queueName())) {
                    LOG.warning(() -> "sideline: a job still running after the shutdown grace period was handed "
                            + "back to queue " + fetcher.queueName());
                }
            }
        }
    }

    private static void awaitUntil(Future<?> future, long deadlineNanos) {
        long remaining = deadlineNanos - System.nanoTime();
        try {
            future.get(Math.max(remaining, 1), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // timed out or failed: handled by handBackUnfinished and the final reap
        }
    }
}
