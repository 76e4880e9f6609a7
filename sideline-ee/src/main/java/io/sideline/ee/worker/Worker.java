package io.sideline.ee.worker;

import io.sideline.ee.RedisUnavailableException;
import io.sideline.ee.RunState;
import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.runtime.JobQueue;
import io.sideline.ee.runtime.RunEnd;
import io.sideline.ee.runtime.RunControlStore;
import io.sideline.ee.runtime.RunEnds;
import io.sideline.ee.runtime.RunStore;
import io.sideline.ee.runtime.Scheduler;
import io.sideline.ee.runtime.WorkerRegistry;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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

    /** Runs of busy jobs known to be cancelled (see {@link #watchCancels}). */
    private final Set<String> cancelledRuns = ConcurrentHashMap.newKeySet();

    private static final Logger LOG = Logger.getLogger(Worker.class.getName());

    private final SidelineConfig config;
    private final WorkerIdentity identity;
    private final JobQueue queue;
    private final WorkerRegistry processes;
    /** The paused queues as the heartbeat last read them, shared with the fetchers. */
    private final PausedQueues paused = new PausedQueues();
    private final Scheduler scheduler;
    private final StopSignal stop;
    private final Processor processor;
    private final RunStore runs;
    /**
     * Empty until the first contact with Redis succeeded (the worker waits for Redis meanwhile); then every loop.
     * Written by the watchdog's thread too (a replaced fetcher), read by the health check.
     */
    private final List<Loop> loops = new CopyOnWriteArrayList<>();
    private final Map<Loop, Future<?>> futures = new ConcurrentHashMap<>();
    /** Fetchers replaced because their job ignored its timeout; their threads are still blocked in the job. */
    private final List<FetchLoop> retired = new CopyOnWriteArrayList<>();
    private final JvmHealth jvm = new JvmHealth(System::currentTimeMillis, this::giveUp);
    private volatile StallLoop stallLoop;
    /** How often the collector looks for finished runs: one ZRANGEBYSCORE a second, and retention starts on time. */
    static final long COLLECT_INTERVAL_MS = 1_000;
    private volatile ExecutorService executor;
    private volatile RedisWait redisWait;
    private Future<?> waiting;
    private volatile String refusal;

    public Worker(SidelineConfig config, WorkerIdentity identity, JobQueue queue, WorkerRegistry processes,
                  Scheduler scheduler, StopSignal stop, Processor processor, RunStore runs) {
        this.runs = runs;
        this.config = config;
        this.identity = identity;
        this.queue = queue;
        this.processes = processes;
        this.scheduler = scheduler;
        this.stop = stop;
        this.processor = processor;
        processor.watchCancels(this::isCancelled); // a job's span notes the cancel its JobContext reports
    }

    private volatile RunEnds runEnds;
    private volatile Consumer<RunEnd> runEndDelivery;

    /**
     * Makes this worker deliver the announced ends of runs (callbacks, {@code RunFinished}) with {@code delivery}, and
     * hand back those of dead workers. Call before {@link #start}.
     */
    public Worker deliverRunEnds(RunEnds ends,
                                 Consumer<RunEnd> delivery) {
        this.runEnds = ends;
        this.runEndDelivery = delivery;
        return this;
    }

    private volatile RunControlStore control;

    /**
     * Makes this worker finish the retries that a crash interrupted between two unpark steps (see
     * {@link ReapLoop}). Call before {@link #start}.
     */
    public Worker finishRetries(RunControlStore control) {
        this.control = control;
        return this;
    }

    public void start(ExecutorService executor) {
        start(executor, () -> { });
    }

    /**
     * Starts the worker: at once when Redis answers, otherwise in the "waiting for Redis" state
     * ({@link RedisWait}), from which it starts by itself when Redis comes up. Throws only when the first contact
     * fails for another reason than an unavailable Redis.
     *
     * @param postureCheck run before the first heartbeat; throws {@code RedisUnavailableException} while Redis
     *                     is unavailable, anything else to refuse the start
     */
    public synchronized void start(ExecutorService executor, Runnable postureCheck) {
        this.executor = executor;
        HeartbeatLoop heartbeat = new HeartbeatLoop(stop, processes, identity.id(), config.worker().heartbeatInterval(),
                config.worker().heartbeatTtl(), () -> identity.describe(config, System.currentTimeMillis()),
                processor.counters(), paused, this::watchCancels);
        redisWait = new RedisWait(stop, () -> {
            postureCheck.run();
            heartbeat.beat(); // alive before the first fetch, so no reaper takes what we fetch
        }, () -> startLoops(heartbeat), this::refused);
        if (!redisWait.attempt()) {
            LOG.info(() -> "sideline: worker " + identity.id() + " is waiting for Redis at " + config.redis().describe()
                    + " (" + redisWait.lastError() + "); it starts by itself when Redis answers");
            waiting = executor.submit(redisWait);
        }
    }

    private synchronized void startLoops(HeartbeatLoop heartbeat) {
        if (stop.stopping()) {
            return;
        }
        List<Loop> all = new ArrayList<>();
        all.add(heartbeat);
        all.add(new ReapLoop(stop, processes, identity.id(), config.worker().reaperInterval().toMillis()).withEnds(runEnds)
                .withRetries(control));
        if (runEnds != null) {
            all.add(new RunEndLoop(stop, runEnds, identity.id(), config.worker().fetchTimeout(), runEndDelivery,
                    processor.counters()));
        }
        all.add(new PromoteLoop(stop, scheduler, config.worker().pollInterval().toMillis()));
        stallLoop = new StallLoop(stop, runs, config.limits().stallAfter().toMillis(), config.limits().maxRunAge().toMillis());
        all.add(stallLoop);
        all.add(new CollectLoop(stop, runs, COLLECT_INTERVAL_MS));
        for (String queueName : config.worker().queues()) {
            for (int i = 0; i < config.worker().concurrency(); i++) {
                all.add(newFetcher("fetcher " + queueName + "#" + i, queueName));
            }
        }
        // an unreadable orphan goes to a queue this worker serves, whose fetcher then buries it visibly
        all.add(new OrphanSweep(stop, queue, identity.id(), orphanSweepIntervalMs(), this::heldJobs,
                raw -> processor.queueOf(raw).orElse(config.worker().queues().get(0))));
        all.add(new JobWatchdog(stop, this::fetchers, config.worker().jobWarnAfter().toMillis(), this::replace, runs,
                identity.id()));
        loops.addAll(all);
        for (Loop loop : all) {
            submit(loop);
        }
        LOG.info(() -> "sideline: worker " + identity.id() + " started: queues " + config.worker().queues() + " x "
                + config.worker().concurrency() + " threads, Redis " + config.redis().describe());
    }

    /** The first contact failed for good (e.g. strict mode refused Redis' posture): liveness says so. */
    private void refused(RuntimeException e) {
        refusal = String.valueOf(e.getMessage());
    }

    public synchronized void stop() {
        if (stop.stopping()) {
            return;
        }
        stop.stop();
        if (loops.isEmpty()) {
            // still waiting for Redis (or refused): nothing fetched, nothing to hand back; the wait ends on the signal
            if (waiting != null) {
                waiting.cancel(true);
            }
            LOG.info(() -> "sideline: worker " + identity.id() + " stopped before Redis answered");
            return;
        }
        long deadline = System.nanoTime() + config.worker().shutdownGrace().toNanos() + config.worker().fetchTimeout().toNanos();
        for (Loop loop : loops) {
            awaitUntil(futures.get(loop), deadline);
        }
        try {
            handBackUnfinished();
        } finally {
            for (Future<?> future : futures.values()) {
                future.cancel(true);
            }
        }
        try {
            processes.retire(identity.id());
            long leftovers = processes.reap(identity.id());
            if (runEnds != null) {
                runEnds.requeue(identity.id()); // run ends taken and not delivered: another server delivers them
            }
            LOG.info(() -> "sideline: worker " + identity.id() + " stopped" + (leftovers > 0
                    ? "; requeued " + leftovers + " job(s) it had not finished" : ""));
        } catch (RedisUnavailableException e) {
            // An application must stop even when Redis is down: what we still hold stays in our in-progress list,
            // which another server's reaper requeues once our heartbeat has expired (or ours, on our next start).
            LOG.warning(() -> "sideline: worker " + identity.id() + " stopped without Redis (" + e.getMessage()
                    + "): its unfinished jobs are requeued by a reaper when its heartbeat expires");
        }
    }

    /**
     * Whether every loop is still turning (for the liveness check): none died, none is stuck. While the worker
     * waits for Redis, whether that wait still turns: a loop that retries is alive.
     */
    public boolean alive(long nowMs, long toleranceMs) {
        if (stop.stopping() || refusal != null) {
            return false;
        }
        if (loops.isEmpty()) {
            return redisWait != null && redisWait.turning(nowMs, toleranceMs);
        }
        return loops.stream().noneMatch(l -> l.finished() || l.overdue(nowMs, toleranceMs));
    }

    /** Why the worker is still waiting for Redis (the last attempt's error), or empty once it runs. */
    public Optional<String> waitingForRedis() {
        return loops.isEmpty() && redisWait != null && refusal == null
                ? Optional.of(redisWait.lastError()) : Optional.empty();
    }

    /** Why the worker refused to start at its first contact with Redis (e.g. strict posture), or empty. */
    public Optional<String> refusal() {
        return Optional.ofNullable(refusal);
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
            if (attempt != null && JobWatchdog.longRunning(attempt, nowMs, config.worker().jobWarnAfter().toMillis())) {
                found.add(attempt.describe() + " for " + (nowMs - attempt.startedMs) + " ms");
            }
        }
        return found;
    }

    /** Names of loops that died or are stuck, for the liveness check's data. */
    public List<String> unhealthyLoops(long nowMs, long toleranceMs) {
        if (loops.isEmpty()) {
            return alive(nowMs, toleranceMs) ? List.of() : List.of("waiting for Redis");
        }
        return loops.stream().filter(l -> l.finished() || l.overdue(nowMs, toleranceMs))
                .map(Loop::name).toList();
    }

    /** Queues holding jobs that no live worker served at the stall detector's last look. */
    public List<String> unservedQueues() {
        StallLoop stallLoop = this.stallLoop;
        return stallLoop == null ? List.of() : stallLoop.unservedQueues();
    }

    /** Runs found stalled by the last look (see {@code sideline.run.stall-after-ms}). */
    public List<String> stalledRuns() {
        StallLoop stallLoop = this.stallLoop;
        return stallLoop == null ? List.of() : stallLoop.lastReported();
    }

    /**
     * Reads, once per heartbeat, the state of the runs of the jobs this worker performs, so that a job can learn its
     * run was cancelled ({@code JobContext.isCancelled()}): a read per busy run per beat, nothing per job.
     */
    private void watchCancels() {
        Set<String> busy = new HashSet<>();
        for (FetchLoop fetcher : allFetchers()) {
            JobSlot.Attempt attempt = fetcher.slot().current();
            if (attempt != null && attempt.job.payload().runId() != null) {
                busy.add(attempt.job.payload().runId());
            }
        }
        cancelledRuns.retainAll(busy);
        for (String runId : busy) {
            if (!cancelledRuns.contains(runId)) {
                if (runs.state(runId).orElse(null) == RunState.CANCELLED) { // one HGET, not a whole status
                    cancelledRuns.add(runId);
                }
            }
        }
    }

    /** Told by this server's cancel: its jobs of that run learn it at once, not at the next beat. */
    public void cancelled(String runId, RunState state) {
        if (state == RunState.CANCELLED) {
            cancelledRuns.add(runId);
        }
    }

    /** Whether a run of a job this worker performs is known to be cancelled. */
    public boolean isCancelled(String runId) {
        return runId != null && cancelledRuns.contains(runId);
    }

    /** Jobs this worker has finished processing since it started (completed, failed, fenced or buried). */
    public long processedJobs() {
        return allFetchers().stream().mapToLong(FetchLoop::processed).sum();
    }

    private FetchLoop newFetcher(String name, String queueName) {
        return new FetchLoop(name, stop, queue, queueName, identity.id(), config.worker().fetchTimeout(), processor,
                new JobSlot(config.worker().jobTimeout().toMillis(), jvm::record), paused, config.worker().heartbeatInterval().toMillis());
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
        return Math.max(config.worker().reaperInterval().toMillis(), 2 * config.redis().timeout().toMillis());
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
                if (requeueIfReachable(raw, fetcher.queueName())) {
                    LOG.warning(() -> "sideline: a job still running after the shutdown grace period was handed "
                            + "back to queue " + fetcher.queueName());
                }
            }
        }
    }

    /** Hands a job back; false when Redis is unavailable (the job stays in our list, for a reaper). */
    private boolean requeueIfReachable(String raw, String queueName) {
        try {
            return queue.requeue(identity.id(), raw, queueName);
        } catch (RedisUnavailableException e) {
            return false;
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
