package io.sideline.ee.cdi;

import io.sideline.ee.WorkflowMemory;
import io.sideline.ee.codec.ArgsJson;
import io.sideline.ee.codec.PayloadCodec;
import io.sideline.ee.codec.WorkflowJson;
import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.redis.RedisBackend;
import io.sideline.ee.runtime.BarrierStore;
import io.sideline.ee.runtime.Continuations;
import io.sideline.ee.runtime.JobCompleter;
import io.sideline.ee.runtime.JobCounters;
import io.sideline.ee.runtime.Outputs;
import io.sideline.ee.runtime.Planner;
import io.sideline.ee.runtime.RunEnds;
import io.sideline.ee.runtime.RunStore;
import io.sideline.ee.telemetry.Metrics;
import io.sideline.ee.telemetry.MetricsChoice;
import io.sideline.ee.telemetry.Tracing;
import io.sideline.ee.telemetry.TracingChoice;
import io.sideline.ee.worker.RedisRetry;
import io.sideline.ee.worker.StopSignal;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.validation.Validation;
import jakarta.validation.Validator;

/**
 * Wires sideline-ee's parts once per application from the typed configuration (the Redis backend, the planner, the
 * barrier, the memory, telemetry, the worker's factory) and produces each as a bean, so that the worker's lifecycle,
 * the API beans and the health checks inject exactly the parts they use. Nobody calls this class: it only produces.
 * <p>
 * The products are {@code @Dependent} and always the same instance: an injection point receives the part itself, not
 * a client proxy, so the per-job path (worker, processor, completer) makes no proxy call. Creating the parts connects
 * to Redis without needing it: a Redis that is down at deploy fails nothing, and its posture is checked at the first
 * contact instead ({@link PostureCheck}). {@link WorkerLifecycle} starts the worker with the application.
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
    private PostureCheck posture;
    private WorkflowJson trees;
    private ArgsJson args;
    private Planner planner;
    private Continuations continuations;
    private RunStore runs;
    private RunEnds ends;
    private BarrierStore barriers;
    private RunMemory memory;
    private Validations validations;
    private Outputs outputs;
    private Tracing tracing;
    /** This server's job and run counts: flushed to Redis with the heartbeat (the admin API's stats), read by metrics. */
    private final JobCounters counters = new JobCounters();
    private Metrics metrics = Metrics.OFF;
    private final RunningWorker worker = new RunningWorker();
    private WorkerFactory workers;

    @PostConstruct
    void wire() {
        transactions.available(); // looks JTA up now, on a thread of the starting application
        backend = ManagedThreads.lookUp().map(threads -> RedisBackend.connect(config, threads))
                .orElseGet(() -> RedisBackend.connect(config));
        // A Redis that is down at deploy is no reason to fail it: the check is made at the first contact instead.
        posture = new PostureCheck(backend, backend.checkPosture());
        JobTable jobs = registry.table();
        trees = new WorkflowJson(jobs::knows, config.limits().maxDepth(), config.limits().maxJobs());
        args = new ArgsJson();
        // Workers accept a little more than the API writes: a payload grows by its error fields on retry.
        PayloadCodec payloads = PayloadCodec.readingAtMostChars(config.limits().maxPayloadBytes() + RETRY_HEADROOM_CHARS);
        planner = new Planner(trees::format, args, payloads, config.worker().defaultQueue(), System::currentTimeMillis,
                config.limits().maxPayloadBytes(), jobs::queueOf);
        barriers = backend.barriers();
        continuations = new Continuations(barriers, trees::parse, planner, backend.traceLinks());
        boolean memoryInRedis = !applicationMemory.isResolvable();
        memory = new RunMemory(memoryInRedis ? backend.memory(args) : applicationMemory.get(), memoryInRedis);
        PortDecorators ports = decorators.isResolvable() ? decorators.get() : new PortDecorators() { };
        JobCompleter completer = new JobCompleter(continuations, ports.decorate(backend.barrier(memoryInRedis)),
                memory.store(), backend.barrierWritesMemory(memoryInRedis));
        validations = new Validations(validators.isResolvable() ? validators.get()
                : Validation.buildDefaultValidatorFactory().getValidator());
        outputs = new Outputs(args);
        runs = backend.runs();
        ends = ports.decorate(backend.ends());
        StopSignal stop = new StopSignal();
        RedisRetry bookkeeping = new RedisRetry(() -> !stop.stopping(), stop::await);
        tracing = TracingChoice.choose(beanManager, backend.traceLinks());
        metrics = MetricsChoice.choose(beanManager, counters, backend.gauges(), config.limits().stallAfter().toMillis(),
                config.limits().reporterLease().toMillis());
        workers = new WorkerFactory(config,
                new WorkerFactory.Ports(ports.decorate(backend.queue()), ports.decorate(backend.workerRegistry()),
                        ports.decorate(backend.scheduler()), ports.decorate(runs)),
                new WorkerFactory.Jobs(registry, beanManager, args, payloads,
                        new TypedInputs(memory.store(), args, validations),
                        new OutputCompleter(completer, validations, outputs, bookkeeping)),
                new WorkerFactory.Telemetry(counters, tracing, metrics), stop, bookkeeping);
    }

    /** The Redis backend: keys, scripts, connections. */
    @Produces
    RedisBackend backend() {
        return backend;
    }

    @Produces
    PostureCheck posture() {
        return posture;
    }

    /** How runs and jobs are traced: OpenTelemetry when present and enabled, otherwise {@link Tracing#OFF}. */
    @Produces
    Tracing tracing() {
        return tracing;
    }

    /** How jobs' durations and the counts and gauges are exported: OpenTelemetry when enabled, else {@link Metrics#OFF}. */
    @Produces
    Metrics metrics() {
        return metrics;
    }

    /** This server's job and run counts (see {@link JobCounters}). */
    @Produces
    JobCounters counters() {
        return counters;
    }

    @Produces
    WorkflowJson trees() {
        return trees;
    }

    @Produces
    ArgsJson args() {
        return args;
    }

    @Produces
    Planner planner() {
        return planner;
    }

    @Produces
    Continuations continuations() {
        return continuations;
    }

    @Produces
    RunStore runs() {
        return runs;
    }

    /** The announced ends of runs (callbacks, {@code RunFinished}), as the ports' decorators see them. */
    @Produces
    RunEnds runEnds() {
        return ends;
    }

    @Produces
    BarrierStore barriers() {
        return barriers;
    }

    @Produces
    RunMemory memory() {
        return memory;
    }

    @Produces
    Validations validations() {
        return validations;
    }

    @Produces
    Outputs outputs() {
        return outputs;
    }

    @Produces
    RunningWorker worker() {
        return worker;
    }

    @Produces
    WorkerFactory workers() {
        return workers;
    }

    @PreDestroy
    void close() {
        worker.stop();
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
