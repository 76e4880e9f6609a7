package io.sideline.ee.cdi;

import io.sideline.ee.codec.ArgsJson;
import io.sideline.ee.codec.PayloadCodec;
import io.sideline.ee.codec.WorkflowJson;
import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.redis.RedisBackend;
import io.sideline.ee.runtime.BarrierStore;
import io.sideline.ee.runtime.Completion;
import io.sideline.ee.runtime.Continuations;
import io.sideline.ee.runtime.FetchedJob;
import io.sideline.ee.runtime.JobCompleter;
import io.sideline.ee.runtime.Planner;
import io.sideline.ee.runtime.RetryPolicy;
import io.sideline.ee.runtime.RunStore;
import io.sideline.ee.worker.Processor;
import io.sideline.ee.worker.RedisRetry;
import io.sideline.ee.worker.StopSignal;
import io.sideline.ee.worker.Worker;
import io.sideline.ee.worker.WorkerIdentity;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Wires sideline-ee's parts once per application from the typed configuration: the Redis backend, the
 * planner, the barrier and the worker. The CDI beans (interceptor, {@code Workflows}, health checks)
 * reach the runtime through it. {@link WorkerLifecycle} starts the worker with the application.
 */
@ApplicationScoped
public class SidelineRuntime {

    @Inject
    SidelineConfig config;
    @Inject
    JobRegistry registry;
    @Inject
    BeanManager beanManager;

    private RedisBackend backend;
    private WorkflowJson trees;
    private ArgsJson args;
    private PayloadCodec payloads;
    private Planner planner;
    private Continuations continuations;
    private JobCompleter completer;
    private RunStore runs;
    private BarrierStore barriers;
    private StopSignal stop;
    private RedisRetry bookkeeping;
    private final AtomicReference<Worker> worker = new AtomicReference<>();

    @PostConstruct
    void wire() {
        backend = RedisBackend.connect(config);
        trees = new WorkflowJson(registry::knows, WorkflowJson.DEFAULT_MAX_DEPTH, WorkflowJson.DEFAULT_MAX_JOBS);
        args = new ArgsJson();
        payloads = new PayloadCodec();
        planner = new Planner(trees::format, args, payloads, config.defaultQueue(), System::currentTimeMillis);
        barriers = backend.barriers();
        continuations = new Continuations(barriers, trees::parse, planner);
        completer = new JobCompleter(continuations, backend.barrier());
        runs = backend.runs();
        stop = new StopSignal();
        bookkeeping = new RedisRetry(() -> !stop.stopping(), stop::await);
    }

    /** Builds this server's worker (not started yet). */
    Worker newWorker() {
        var queue = backend.queue();
        Processor processor = new Processor(payloads, new CdiJobInvoker(registry, beanManager, args, payloads::parseArray),
                completer, queue, new RetryPolicy(config.retryMax(), config.retryBackoffBase(), config.retryBackoffMax()),
                bookkeeping, System::currentTimeMillis);
        Worker created = new Worker(config, WorkerIdentity.create(), queue, backend.processes(), backend.scheduler(),
                stop, processor);
        worker.set(created);
        return created;
    }

    /** Completes the current job, repeating the step while Redis is unreachable. */
    public Completion complete(FetchedJob job) {
        AtomicReference<Completion> result = new AtomicReference<>();
        bookkeeping.run("complete job " + job.payload().jid(), () -> result.set(completer.complete(job)));
        return result.get();
    }

    public Continuations continuations() {
        return continuations;
    }

    public SidelineConfig config() {
        return config;
    }

    public WorkflowJson trees() {
        return trees;
    }

    public Planner planner() {
        return planner;
    }

    public RunStore runs() {
        return runs;
    }

    public BarrierStore barriers() {
        return barriers;
    }

    public RedisBackend backend() {
        return backend;
    }

    /** The running worker, if this server runs one. */
    public Optional<Worker> worker() {
        return Optional.ofNullable(worker.get());
    }

    /** Stops the worker (idempotent): called when the application stops. */
    void stopWorker() {
        worker().ifPresent(Worker::stop);
    }

    @PreDestroy
    void close() {
        stopWorker();
        trees.close();
        try {
            args.close();
        } catch (Exception ignored) {
            // closing JSON-B only releases caches
        }
        backend.close();
    }
}
