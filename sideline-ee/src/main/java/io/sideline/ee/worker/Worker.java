package io.sideline.ee.worker;

import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.runtime.JobQueue;
import io.sideline.ee.runtime.Processes;
import io.sideline.ee.runtime.RunStore;
import io.sideline.ee.runtime.Scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sidekiq's launcher: starts this server's loops (fetchers per queue, promoter, heartbeat, reaper, orphan
 * sweep) on an executor and stops them cleanly. On stop, in-flight jobs get the configured grace period to finish;
 * those still running are handed back to their queues (their late completion is fenced), and finally
 * whatever is left in this worker's in-progress list is requeued, so nothing is lost or left behind.
 *
 * <p>A fetcher whose job ignored its timeout is replaced by a new one on a new thread (see {@link JobWatchdog}),
 * so one stuck {@code perform} cannot take the worker's capacity away for good. When {@link JvmHealth} finds
 * that this JVM cannot go on (repeated {@code OutOfMemoryError}s), the worker stops as it would at shutdown:
 * it fetches no more and hands its jobs back for other servers.
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
    /** Written by the watchdog's thread too (a replaced fetcher), read by the health check. */
    private final List<Loop> loops = new CopyOnWriteArrayList<>();
    private final Map<Loop, Future<?>> futures = new ConcurrentHashMap<>();
    /** Fetchers replaced because their job ignored its timeout; their threads are still blocked in the job. */
    private final List<FetchLoop> retired = new CopyOnWriteArrayList<>();
    private final JvmHealth jvm = new JvmHealth(System::currentTimeMillis, this::giveUp);
    private StallLoop stallLoop;
    private volatile ExecutorService executor;

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
        this.executor = executor;
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
                loops.add(newFetcher("fetcher " + queueName + "#" + i, queueName));
            }
        }
        // an unreadable orphan goes to a queue this worker serves, whose fetcher then buries it visibly
        loops.add(new OrphanSweep(stop, queue, identity.id(), orphanSweepIntervalMs(), this::heldJobs,
                raw -> processor.queueOf(raw).orElse(config.queues().get(0))));
        loops.add(new JobWatchdog(stop, this::fetchers, config.jobWarnAfter().toMillis(), this::replace));
        for (Loop loop : loops) {
            submit(loop);
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
        for (Loop loop : loops) {
            awaitUntil(futures.get(loop), deadline);
        }
        handBackUnfinished();
        for (Future<?> future : futures.values()) {
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

    /** Why this JVM cannot go on (repeated {@code OutOfMemoryError}s), once it cannot: the worker has stopped. */
    public Optional<String> fatalError() {
        return jvm.fatal();
    }

    /**
     * The jobs performing for longer than {@code sideline.job.warn-after-ms} (name, jid and run; never their
     * arguments), jobs of replaced fetchers that have not returned yet included.
     */
    public List<String> longRunningJobs(long nowMs) {
        List<String> found = new ArrayList<>();
        for (FetchLoop fetcher : allFetchers()) {
            JobSlot.Attempt attempt = fetcher.slot().current();
            if (attempt != null && JobWatchdog.longRunning(attempt, nowMs, config.jobWarnAfter().toMillis())) {
                found.add(attempt.describe() + " for " + (nowMs - attempt.startedMs) + " ms");
            }
        }
        return found;
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
        return allFetchers().stream().mapToLong(FetchLoop::processed).sum();
    }

    private FetchLoop newFetcher(String name, String queueName) {
        return new FetchLoop(name, stop, queue, queueName, identity.id(), config.fetchTimeout(), processor,
                new JobSlot(config.jobTimeout().toMillis(), jvm::record));
    }

    private void submit(Loop loop) {
        loop.reportErrorsTo(jvm::record);
        futures.put(loop, executor.submit(loop));
    }

    /** The fetchers serving now. */
    private List<FetchLoop> fetchers() {
        List<FetchLoop> fetchers = new ArrayList<>();
        for (Loop loop : loops) {
            if (loop instanceof FetchLoop fetcher) {
                fetchers.add(fetcher);
            }
        }
        return fetchers;
    }

    private List<FetchLoop> allFetchers() {
        List<FetchLoop> all = fetchers();
        all.addAll(retired);
        return all;
    }

    /**
     * A job ignored its interrupt: fails it for good (its thread's late completion is fenced, since the job has
     * left this worker's in-progress list) and gives its fetcher's place to a new loop on a new thread. The old
     * thread stays blocked in the job; when it returns, its loop ends without taking another job.
     */
    private void replace(FetchLoop stuck, JobSlot.Attempt attempt) {
        processor.failIgnoredTimeout(attempt);
        stuck.retire();
        synchronized (loops) {
            int index = loops.indexOf(stuck);
            if (index < 0 || stop.stopping()) {
                return;
            }
            FetchLoop fresh = newFetcher(stuck.name(), stuck.queueName());
            retired.add(stuck);
            loops.set(index, fresh);
            submit(fresh);
        }
        LOG.severe(() -> "sideline: " + attempt.describe() + " ignored the interrupt of its timeout ("
                + attempt.timeoutMs + " ms): it was failed, and a new thread took the place of " + stuck.name()
                + "; the old thread stays blocked in the job until it returns");
    }

    /** The JVM cannot go on: stop as at shutdown, on another thread (the caller may be one of our loops). */
    private void giveUp() {
        try {
            executor.submit(this::stop);
        } catch (Throwable e) {
            LOG.log(Level.SEVERE, "sideline: cannot stop the worker of a JVM that cannot go on", e);
        }
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
        if (future == null) {
            return;
        }
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
