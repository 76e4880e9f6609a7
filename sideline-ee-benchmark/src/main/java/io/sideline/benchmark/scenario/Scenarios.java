package io.sideline.benchmark.scenario;

import io.sideline.benchmark.jobs.ChainStepJob;
import io.sideline.benchmark.jobs.DelayedJob;
import io.sideline.benchmark.jobs.FinalJob;
import io.sideline.benchmark.jobs.NoopJob;
import io.sideline.benchmark.jobs.PayloadJob;
import io.sideline.benchmark.jobs.StepJob;
import io.sideline.ee.Workflows;
import io.sideline.ee.model.Step;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

import static io.sideline.ee.Sideline.chain;
import static io.sideline.ee.Sideline.group;
import static io.sideline.ee.Sideline.job;
import static io.sideline.ee.Sideline.withDelay;

/**
 * The benchmark scenarios, run inside the server through the library's public API exactly as an application
 * would ({@code workflows.run(...)} from several threads), and timed with {@code System.nanoTime()} stamps
 * taken by the jobs themselves. One scenario runs at a time; each returns its figures as JSON.
 */
@ApplicationScoped
public class Scenarios {

    /** A scenario that has not finished after this long is reported incomplete (a bug, not a slow box). */
    private static final long TIMEOUT_MS = 300_000;
    private static final int GROUP_SIZE = 10;

    @Inject
    Workflows workflows;
    @Inject
    Tally tally;
    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    ManagedExecutorService executor;

    /** Epochs start at a random base, so jobs left by an earlier server run can never pass for ours. */
    private final AtomicInteger epochs = new AtomicInteger(ThreadLocalRandom.current().nextInt(1, 1 << 20) * 1000);

    /** How the no-op scenario starts its jobs. */
    public enum NoopMode {
        /** jobs on their own, {@code workflows.enqueueAll} in batches: what the Sidekiq peer does with push_bulk */
        JOBS,
        /** one-job workflows, {@code workflows.runAll} in batches: each a run with its status */
        WORKFLOWS,
        /** one-job workflows, one {@code workflows.run} call each */
        RUN_EACH
    }

    /** {@code n} no-op jobs started from {@code threads} threads, the way {@code mode} says. */
    public synchronized JsonObject noop(int n, int threads, NoopMode mode) {
        int epoch = epochs.incrementAndGet();
        Step tree = job(NoopJob.class, epoch);
        String name = switch (mode) {
            case JOBS -> "noop";
            case WORKFLOWS -> "noop_workflows";
            case RUN_EACH -> "noop_run_each";
        };
        return throughput(name, epoch, n, 1, threads, tree, mode);
    }

    /** {@code w} workflows chain(A, B, C, group(10 x G), Final) = 14 jobs each, started at once. */
    public synchronized JsonObject wf14(int w, int threads) {
        int epoch = epochs.incrementAndGet();
        Step tree = chain(job(StepJob.class, epoch), job(StepJob.class, epoch), job(StepJob.class, epoch),
                group(members(epoch)), job(FinalJob.class, epoch));
        return throughput("wf14", epoch, w, 14, threads, tree, NoopMode.WORKFLOWS);
    }

    /** {@code w} workflows chain(group(10 x G), Final) = 11 jobs each, started at once. */
    public synchronized JsonObject group11(int w, int threads) {
        int epoch = epochs.incrementAndGet();
        Step tree = chain(group(members(epoch)), job(FinalJob.class, epoch));
        return throughput("group11", epoch, w, 11, threads, tree, NoopMode.WORKFLOWS);
    }

    /**
     * {@code chains} concurrent chains of {@code steps} no-op jobs. The step latency runs from the end of a
     * step's {@code perform} to the start of its successor's: the library's completion of the predecessor
     * (planning the continuation, the completion script that enqueues the successor), then the successor's
     * fetch, decoding and invocation. A second figure starts when the predecessor's completion has returned
     * (see {@code CompletionStamps}); the successor often starts before that, so it is mostly about zero.
     */
    public synchronized JsonObject latency(int chains, int steps) {
        int epoch = epochs.incrementAndGet();
        Probe probe = tally.begin(epoch, chains, chains * steps);
        return measured(probe, () -> {
            Step[] trees = new Step[chains];
            for (int c = 0; c < chains; c++) {
                Step[] links = new Step[steps];
                for (int s = 0; s < steps; s++) {
                    links[s] = job(ChainStepJob.class, epoch, c * steps + s, s == steps - 1);
                }
                trees[c] = chain(links);
            }
            JvmMeter meter = JvmMeter.start();
            long t0 = System.nanoTime();
            enqueue(chains, chains, c -> workflows.run(trees[c]));
            boolean complete = probe.await(TIMEOUT_MS);
            JvmMeter.Delta jvm = meter.stop();
            awaitCompletionStamps(probe, chains, steps);
            // The successor is enqueued inside the predecessor's completion script, so it may start before the
            // predecessor's thread is back from that script: an after-completion gap can be negative. Kept as is.
            long[] gaps = new long[chains * (steps - 1)];
            long[] afterCompletion = new long[gaps.length];
            long[] completion = new long[gaps.length];
            int g = 0;
            for (int c = 0; c < chains; c++) {
                for (int s = 1; s < steps; s++) {
                    int i = c * steps + s;
                    afterCompletion[g] = probe.start(i) - probe.completion(i - 1);
                    completion[g] = probe.completion(i - 1) - probe.end(i - 1);
                    gaps[g++] = probe.start(i) - probe.end(i - 1);
                }
            }
            int total = chains * steps;
            return base("latency", epoch, probe, complete, total)
                    .add("chains", chains)
                    .add("steps_per_chain", steps)
                    .add("seconds", Figures.round((probe.lastFinishNanos() - t0) / 1e9, 4))
                    .add("steps_per_s", Figures.round(total / ((probe.lastFinishNanos() - t0) / 1e9), 1))
                    .add("jvm_cpu_us_per_step", jvm.cpuNanos() < 0 ? -1 : Figures.round(jvm.cpuNanos() / 1e3 / total, 1))
                    .add("step_latency", Figures.distributionMs(gaps))
                    .add("step_latency_after_completion", Figures.distributionMs(afterCompletion))
                    .add("completion_duration", Figures.distributionMs(completion))
                    .build();
        });
    }

    /** The completion stamp of a chain's last-but-one step can trail the end of the scenario by microseconds. */
    private static void awaitCompletionStamps(Probe probe, int chains, int steps) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        for (int c = 0; c < chains; c++) {
            for (int s = 0; s < steps - 1; s++) {
                while (probe.completion(c * steps + s) == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
            }
        }
    }

    /**
     * {@code n} one-job workflows {@code withDelay(job, d)}, their delays spread evenly over
     * [{@code minDelayMs}, {@code minDelayMs + spreadMs}): lateness = actual start - due time, where the due
     * time is taken just before {@code workflows.run} (so the launch itself counts as lateness).
     */
    public synchronized JsonObject delay(int n, long minDelayMs, long spreadMs, int threads) {
        int epoch = epochs.incrementAndGet();
        Probe probe = tally.begin(epoch, n, n);
        return measured(probe, () -> {
            long[] due = new long[n];
            long t0 = System.nanoTime();
            enqueue(n, threads, i -> {
                long delayMs = minDelayMs + spreadMs * i / n;
                Step tree = withDelay(job(DelayedJob.class, epoch, i), delayMs);
                due[i] = System.nanoTime() + delayMs * 1_000_000;
                workflows.run(tree);
            });
            boolean complete = probe.await(TIMEOUT_MS);
            long[] lateness = new long[n];
            for (int i = 0; i < n; i++) {
                lateness[i] = probe.start(i) - due[i];
            }
            return base("delay", epoch, probe, complete, n)
                    .add("min_delay_ms", minDelayMs)
                    .add("spread_ms", spreadMs)
                    .add("seconds", Figures.round((probe.lastFinishNanos() - t0) / 1e9, 4))
                    .add("lateness", Figures.distributionMs(lateness))
                    .build();
        });
    }

    /** One workflow chain(group(groupSize x P), P x chainLength): the largest payload any of its jobs had. */
    public synchronized JsonObject payload(int groupSize, int chainLength) {
        int epoch = epochs.incrementAndGet();
        Probe probe = tally.begin(epoch, groupSize + chainLength, 0);
        return measured(probe, () -> {
            Step[] members = new Step[groupSize];
            for (int i = 0; i < groupSize; i++) {
                members[i] = job(PayloadJob.class, epoch, 0);
            }
            Step[] links = new Step[chainLength];
            for (int i = 0; i < chainLength; i++) {
                links[i] = job(PayloadJob.class, epoch, 1);
            }
            Step tree = chain(group(members), chain(links));
            long t0 = System.nanoTime();
            workflows.run(tree);
            long launched = System.nanoTime();
            boolean complete = probe.await(TIMEOUT_MS);
            int total = groupSize + chainLength;
            return base("payload", epoch, probe, complete, total)
                    .add("group_size", groupSize)
                    .add("chain_length", chainLength)
                    .add("launch_ms", Figures.round((launched - t0) / 1e6, 2))
                    .add("seconds", Figures.round((probe.lastFinishNanos() - t0) / 1e9, 4))
                    .add("steps_per_s", Figures.round(total / ((probe.lastFinishNanos() - t0) / 1e9), 1))
                    .add("max_payload_bytes", Math.max(probe.maxPayload(0), probe.maxPayload(1)))
                    .add("max_payload_bytes_group_member", probe.maxPayload(0))
                    .add("max_payload_bytes_chain_step", probe.maxPayload(1))
                    .build();
        });
    }

    /**
     * One workflow of n jobs, chain(group(n - 1 x G), Final) (n = the default {@code max-jobs}, 100,000, is the
     * largest workflow allowed): {@code launch_ms} from the {@code run} call to its return, when the last member is
     * on its queue (a group bigger than one script call may write is staged, committed and
     * drained in bounded steps before {@code run} returns), then the steps per second to the Final job.
     */
    public synchronized JsonObject bigGroup(int n, boolean twice) {
        int epoch = epochs.incrementAndGet();
        Probe probe = tally.begin(epoch, 1, 0);
        return measured(probe, () -> {
            // twice: chain(group, job, group, Final) of n jobs, the second group a big continuation and a stored step
            Step tree = twice ? chain(members((n - 2) / 2, epoch), job(StepJob.class, epoch),
                    members(n - 2 - (n - 2) / 2, epoch), job(FinalJob.class, epoch))
                    : chain(members(n - 1, epoch), job(FinalJob.class, epoch));
            JvmMeter meter = JvmMeter.start();
            long t0 = System.nanoTime();
            workflows.run(tree);
            long launched = System.nanoTime();
            boolean complete = probe.await(TIMEOUT_MS);
            JvmMeter.Delta jvm = meter.stop();
            int total = n;
            double seconds = (probe.lastFinishNanos() - t0) / 1e9;
            return base(twice ? "big_chain" : "big_group", epoch, probe, complete, total)
                    .add("workflow_jobs", n)
                    .add("group_size", twice ? (n - 2) / 2 : n - 1)
                    .add("launch_ms", Figures.round((launched - t0) / 1e6, 1))
                    .add("first_start_ms", Figures.round((probe.firstStartNanos() - t0) / 1e6, 2))
                    .add("seconds", Figures.round(seconds, 4))
                    .add("steps_per_s", Figures.round(total / seconds, 1))
                    .add("jvm_cpu_us_per_step", jvm.cpuNanos() < 0 ? -1 : Figures.round(jvm.cpuNanos() / 1e3 / total, 1))
                    .build();
        });
    }

    private static Step members(int size, int epoch) {
        Step[] members = new Step[size];
        for (int i = 0; i < size; i++) {
            members[i] = job(StepJob.class, epoch);
        }
        return group(members);
    }

    /** @param how jobs on their own ({@code tree} must be a job), or runs in batches, or one {@code run} each */
    private JsonObject throughput(String name, int epoch, int runs, int stepsPerRun, int threads, Step tree,
                                  NoopMode how) {
        Probe probe = tally.begin(epoch, runs, 0);
        return measured(probe, () -> {
            JvmMeter meter = JvmMeter.start();
            long t0 = System.nanoTime();
            int batch = Workflows.ITEMS_PER_BATCH;
            int batches = (runs + batch - 1) / batch;
            switch (how) {
                case JOBS -> enqueue(batches, threads, b -> workflows.enqueueAll(
                        Collections.nCopies(Math.min(batch, runs - b * batch), (io.sideline.ee.model.Job) tree)));
                case WORKFLOWS -> enqueue(batches, threads, b -> workflows.runAll(
                        Collections.nCopies(Math.min(batch, runs - b * batch), tree)));
                case RUN_EACH -> enqueue(runs, threads, i -> workflows.run(tree));
            }
            long enqueued = System.nanoTime();
            boolean complete = probe.await(TIMEOUT_MS);
            JvmMeter.Delta jvm = meter.stop();
            long steps = (long) runs * stepsPerRun;
            double seconds = (probe.lastFinishNanos() - t0) / 1e9;
            return base(name, epoch, probe, complete, steps)
                    .add("runs", runs)
                    .add("jobs_per_run", stepsPerRun)
                    .add("enqueue_threads", threads)
                    .add("enqueue", switch (how) {
                        case JOBS -> "enqueueAll, batches of " + Workflows.ITEMS_PER_BATCH;
                        case WORKFLOWS -> "runAll, batches of " + Workflows.ITEMS_PER_BATCH;
                        case RUN_EACH -> "run, one call per run";
                    })
                    .add("seconds", Figures.round(seconds, 4))
                    .add("runs_per_s", Figures.round(runs / seconds, 1))
                    .add("steps_per_s", Figures.round(steps / seconds, 1))
                    .add("enqueue_seconds", Figures.round((enqueued - t0) / 1e9, 4))
                    .add("enqueue_runs_per_s", Figures.round(runs / ((enqueued - t0) / 1e9), 1))
                    .add("first_start_ms", Figures.round((probe.firstStartNanos() - t0) / 1e6, 2))
                    .add("jvm_cpu_us_per_step", jvm.cpuNanos() < 0 ? -1 : Figures.round(jvm.cpuNanos() / 1e3 / steps, 1))
                    .add("jvm_cpu_cores_busy", jvm.cpuNanos() < 0 ? -1 : Figures.round(jvm.cpuNanos() / 1e9 / seconds, 2))
                    .add("gc_ms", jvm.gcMillis())
                    .add("gc_count", jvm.gcCount())
                    .build();
        });
    }

    /** A scenario's measurement, which may wait for its jobs. */
    @FunctionalInterface
    private interface Measurement {
        JsonObject take() throws InterruptedException;
    }

    /** Takes a measurement with its probe open, and closes the probe however it ends. */
    private JsonObject measured(Probe probe, Measurement measurement) {
        try {
            return measurement.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            tally.end(probe);
        }
    }

    /** Whether the scenario finished, and whether every expected job ran once (no more, no fewer). */
    private JsonObjectBuilder base(String name, int epoch, Probe probe, boolean finished, long expectedSteps) {
        return Json.createObjectBuilder()
                .add("scenario", name)
                .add("epoch", epoch)
                .add("complete", finished && probe.steps() == expectedSteps)
                .add("steps_expected", expectedSteps)
                .add("steps_seen", probe.steps())
                .add("finishes_seen", probe.finishes())
                .add("strays_so_far", tally.strays());
    }

    private Step[] members(int epoch) {
        Step[] members = new Step[GROUP_SIZE];
        for (int i = 0; i < GROUP_SIZE; i++) {
            members[i] = job(StepJob.class, epoch);
        }
        return members;
    }

    /** Calls {@code action} for 0..count-1, spread over {@code threads} tasks of the managed executor. */
    private void enqueue(int count, int threads, IntConsumer action) throws InterruptedException {
        int tasks = Math.max(1, Math.min(threads, count));
        List<Future<?>> futures = new ArrayList<>(tasks);
        for (int t = 0; t < tasks; t++) {
            int first = t;
            futures.add(executor.submit(() -> {
                for (int i = first; i < count; i += tasks) {
                    action.accept(i);
                }
            }));
        }
        for (Future<?> future : futures) {
            try {
                future.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("enqueueing failed: " + e.getCause(), e.getCause());
            }
        }
    }
}
