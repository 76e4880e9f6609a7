package io.sideline.ee.cdi;

import io.sideline.ee.RunState;
import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.redis.RedisBackend;
import io.sideline.ee.runtime.RunControlStore;
import io.sideline.ee.runtime.RunEnds;
import io.sideline.ee.worker.Worker;
import jakarta.enterprise.concurrent.ManagedExecutorDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.logging.Logger;
import javax.naming.InitialContext;

/**
 * Starts this server's worker with the application and stops it before the application's beans go away.
 * <p>
 * The loops are long-running and block, so they must not hold the threads that serve HTTP unbounded (on Open
 * Liberty, a dozen loops blocked on the shared default executor once starved the REST API). By default they run on
 * the {@code ManagedExecutorService} declared here, {@value SidelineConfig#LIBRARY_EXECUTOR}, bounded to
 * {@value WorkerExecutor#LIBRARY_MAX_ASYNC} tasks (WildFly gives it threads of its own; Liberty runs it as a capped
 * share of its one pool, which it grows when threads block: see docs/servers.md). {@code sideline.executor} names
 * another one the server defines, or {@code thread-factory} for a pool over
 * {@code java:comp/DefaultManagedThreadFactory}; an {@code ExecutorService} bean qualified {@link SidelineExecutor}
 * replaces all of them. One INFO line at startup says which is in use.
 * <p>
 * The application starts whether or not Redis answers: an unavailable Redis leaves the worker waiting for it
 * (see {@code Worker#start}), so that a server booted before its Redis works as soon as Redis is up.
 */
@ApplicationScoped
@ManagedExecutorDefinition(name = SidelineConfig.LIBRARY_EXECUTOR, maxAsync = WorkerExecutor.LIBRARY_MAX_ASYNC)
public class WorkerLifecycle {

    private static final Logger LOG = Logger.getLogger(WorkerLifecycle.class.getName());

    @Inject
    SidelineConfig config;
    @Inject
    RedisBackend backend;
    @Inject
    PostureCheck posture;
    @Inject
    WorkerFactory workers;
    @Inject
    RunningWorker worker;
    @Inject
    RunEnds runEnds;
    @Inject
    RunEndDelivery delivery;
    @Inject
    @SidelineExecutor
    Instance<ExecutorService> customExecutor;

    /** The executor this bean created (and so shuts down), or null when the container or application owns it. */
    private ExecutorService ownExecutor;
    /** Which executor runs the loops, as logged at startup; null while the worker is off. */
    private volatile String executorInUse;

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        delivery.refuseUnderAtMostOnce();
        // an end is announced for its callbacks, or for RunFinished observers: without either it costs nothing
        backend.announceEveryRunEnd(delivery.observed());
        if (!config.worker().enabled()) {
            LOG.info("sideline: sideline.worker.enabled=false: this server only starts workflows");
            return;
        }
        ExecutorService executor = executor();
        LOG.info("sideline: the worker's loops run on " + executorInUse);
        // With Redis down, the worker waits for it in the background: the application deploys all the same.
        Worker created = workers.create();
        worker.started(created);
        // a halt (cancel, fail-fast death) parks in steps, a retry unparks in steps: a crash between two steps is
        // finished by the server that delivers the halt's end, or by any server's unpark sweep
        RunControlStore control = backend.control();
        // only the atomic barrier halts runs (run control); under at-most-once a FAILED run's jobs are never parked
        boolean parksOnHalt = config.barrierType() == SidelineConfig.BarrierType.ATOMIC;
        created.deliverRunEnds(runEnds, end -> {
            if (parksOnHalt && (end.state() == RunState.CANCELLED || end.state() == RunState.FAILED)) {
                control.finishPark(end.runId());
            }
            delivery.deliver(end);
        }).finishRetries(control).start(executor, posture::checkOnce);
    }

    void stop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object stopping) {
        worker.stop();
        if (ownExecutor != null) {
            ownExecutor.shutdownNow();
        }
    }

    /** Which executor runs the worker's loops (the text of the startup line), or empty while the worker is off. */
    public Optional<String> executorInUse() {
        return Optional.ofNullable(executorInUse);
    }

    private ExecutorService executor() {
        if (customExecutor.isResolvable()) {
            executorInUse = "the application's @SidelineExecutor bean";
            return customExecutor.get();
        }
        WorkerExecutor chosen = WorkerExecutor.resolve(config, name -> new InitialContext().lookup(name));
        executorInUse = chosen.describe();
        if (chosen.owned()) {
            ownExecutor = chosen.executor();
        }
        return chosen.executor();
    }
}
