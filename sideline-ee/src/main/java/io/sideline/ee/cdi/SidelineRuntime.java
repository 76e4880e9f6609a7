package io.sideline.ee.cdi;

import io.sideline.ee.WorkflowMemory;
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
import io.sideline.ee.runtime.JobCounters;
import io.sideline.ee.runtime.Outputs;
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
import io.sideline.ee.telemetry.Metrics;
import io.sideline.ee.telemetry.MetricsChoice;
import io.sideline.ee.telemetry.Tracing;
import io.sideline.ee.telemetry.TracingChoice;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.validation.Validation;
import jakarta.validation.Validator;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Wires sideline-ee's parts once per application from the typed configuration: the Redis backend, the
 * planner, the barrier and the worker. The CDI beans (interceptor, {@code Workflows}, health checks)
 * reach the runtime through it. {@link WorkerLifecycle} starts the worker with the application.
 */
@ApplicationScoped
public class SidelineRuntime {

    /** Room for error_class, error_message and failed_at added to a payload by a failed attempt. */
    private static final int RETRY_HEADROOM_CHARS = 64 * 1024;

    @Inject
    SidelineConfig config;
    @Inject
    JobRegistry registry;
    @Inject
    BeanManager beanManager;
    @Inject
    Instance<WorkflowMemory> applicationMemory;
    @Inject
    Instance<Validator> validators;
    @Inject
    Instance<PortDecorators> decorators;
    @Inject
    Transactions transactions;

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
    private WorkflowMemory memory;
    private boolean memoryInRedis;
    private Validations validations;
    private Outputs outputs;
    private Tracing tracing;
    /** This server's job and run counts: flushed to Redis with the heartbeat (the admin API's stats), read by metrics. */
    private final JobCounters counters = new JobCounters();
    private Metrics metrics = Metrics.OFF;
    private final AtomicReference<Worker> worker = new AtomicReference<>();
    /** Whether Redis' posture was read (at deploy or at the first contact); a strict refusal never sets it. */
    private volatile boolean postureVerified;
    /** Strict mode's refusal of the posture, when it came at a first contact after deploy. */
    private volatile String postureRefusal;

    @PostConstruct
    void wire() {
        transactions.available(); // looks JTA up now, on a thread of the starting application
        backend = RedisBackend.connect(config);
        // A Redis that is down at deploy is no reason to fail it: the check is made at the first contact instead.
        postureVerified = backend.checkPosture();
        trees = new WorkflowJson(registry::knows, config.maxDepth(), config.maxJobs());
        args = new ArgsJson();
        // Workers accept a little more than the API writes: a payload grows by its error fields on retry.
        payloads = new PayloadCodec(config.maxPayloadBytes() + RETRY_HEADROOM_CHARS);
        planner = new Planner(trees::format, args, payloads, config.defaultQueue(), System::currentTimeMillis,
                config.maxPayloadBytes(), name -> registry.names().contains(name)
                        ? registry.get(name).queue() : null);
        barriers = backend.barriers();
        continuations = new Continuations(barriers, trees::parse, planner, backend.traceLinks());
        memoryInRedis = !applicationMemory.isResolvable();
        memory = memoryInRedis ? backend.memory(args) : applicationMemory.get();
        completer = new JobCompleter(continuations, ports().decorate(backend.barrier(memoryInRedis)), memory,
                backend.barrierWritesMemory(memoryInRedis));
        validations = new Validations(validators.isResolvable() ? validators.get()
                : Validation.buildDefaultValidatorFactory().getValidator());
        outputs = new Outputs(args);
        runs = backend.runs();
        stop = new StopSignal();
        bookkeeping = new RedisRetry(() -> !stop.stopping(), stop::await);
        tracing = TracingChoice.choose(beanManager, backend.traceLinks());
        metrics = MetricsChoice.choose(beanManager, counters, backend.gauges(), config.stallAfter().toMillis());
    }

    /** How runs and jobs are traced: OpenTelemetry when present and enabled, otherwise {@link Tracing#OFF}. */
    public Tracing tracing() {
        return tracing;
    }

    /** How jobs' durations and the counts and gauges are exported: OpenTelemetry when enabled, else {@link Metrics#OFF}. */
    public Metrics metrics() {
        return metrics;
    }

    /** Whether this server's completions announce every run end, or only those of runs with callbacks. */
    public void announceEveryRunEnd(boolean on) {
        backend.announceEveryRunEnd(on);
    }

    /** This server's job and run counts (see {@link JobCounters}). */
    public JobCounters counters() {
        return counters;
    }

    /** Builds this server's worker (not started yet). */
    Worker newWorker() {
        var queue = ports().decorate(backend.queue());
        CdiJobInvoker invoker = new CdiJobInvoker(registry, beanManager, args, payloads::parseArray,
                new TypedInputs(memory, args, validations));
        Processor processor = new Processor(payloads, invoker, this::complete, queue,
                new RetryPolicy(config.retryMax(), config.retryBackoffBase(), config.retryBackoffMax()),
                bookkeeping, System::currentTimeMillis, counters, tracing, metrics);
        Worker created = new Worker(config, WorkerIdentity.create(), queue, ports().decorate(backend.processes()),
                ports().decorate(backend.scheduler()), stop, processor, ports().decorate(runs));
        worker.set(created);
        return created;
    }

    /**
     * The posture check of {@link RedisBackend#checkPosture}, made once: at deploy when Redis answered then,
     * otherwise here, at the first contact (before a waiting worker's first heartbeat, or at a readiness probe).
     *
     * @throws io.sideline.ee.RedisUnavailableException while Redis is unavailable (nothing checked: try again)
     * @throws IllegalStateException when strict mode refuses the posture (for good)
     */
    void checkPostureOnce() {
        if (postureVerified) {
            return;
        }
        if (postureRefusal != null) {
            throw new IllegalStateException(postureRefusal);
        }
        backend.ping(); // an unavailable Redis stops here, before the posture check would log a warning
        try {
            if (!backend.checkPosture()) {
                throw new io.sideline.ee.RedisUnavailableException("Redis went away during the posture check", null);
            }
        } catch (IllegalStateException refused) {
            postureRefusal = refused.getMessage();
            throw refused;
        }
        postureVerified = true;
    }

    /**
     * Strict mode's refusal of Redis' posture, if any: for the readiness check, which thereby also makes the
     * check on a server without a worker whose Redis was down at deploy.
     */
    public Optional<String> postureRefusal() {
        try {
            checkPostureOnce();
        } catch (RuntimeException notNow) {
            // unavailable: readiness reports that itself; refused: recorded below
        }
        return Optional.ofNullable(postureRefusal);
    }

    /** The application's port decorators (fault injection in tests), or none. */
    /** The announced ends of runs (callbacks, {@code RunFinished}), as the ports' decorators see them. */
    public io.sideline.ee.runtime.RunEnds runEnds() {
        return ports().decorate(backend.ends());
    }

    private PortDecorators ports() {
        return decorators.isResolvable() ? decorators.get() : new PortDecorators() { };
    }

    /**
     * Completes the current job with its return value: a typed output is validated, then the output is
     * persisted with the completion. Repeats the step while Redis is unreachable.
     */
    public Completion complete(FetchedJob job, Object returned) {
        if (returned != null && !(returned instanceof java.util.Map) && Outputs.isTyped(returned.getClass())) {
            validations.requireValid("the output of job " + job.payload().jobName(), returned);
        }
        java.util.Map<String, String> output = outputs.fieldsOf(returned);
        AtomicReference<Completion> result = new AtomicReference<>();
        bookkeeping.run("complete job " + job.payload().jid(), () -> result.set(completer.complete(job, output)));
        return result.get();
    }

    public WorkflowMemory memory() {
        return memory;
    }

    /** Whether the memory is the default RedisHashMemory (written atomically by the scripts). */
    boolean memoryInRedis() {
        return memoryInRedis;
    }

    Validations validations() {
        return validations;
    }

    Outputs outputs() {
        return outputs;
    }

    ArgsJson json() {
        return args;
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
        metrics.close();
        trees.close();
        try {
            args.close();
        } catch (Exception ignored) {
            // closing JSON-B only releases caches
        }
        backend.close();
    }
}
