package io.sideline.ee.cdi;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Starts this server's worker with the application and stops it before the application's beans go
 * away. The loops are long-running, so each gets its own thread from the server's default managed thread
 * factory ({@code java:comp/DefaultManagedThreadFactory}) rather than a thread of the shared default
 * executor, whose threads also serve HTTP requests (on Open Liberty, a dozen blocked loops there starved
 * the REST API under load). An {@code ExecutorService} bean qualified {@link SidelineExecutor} replaces it.
 * <p>
 * The application starts whether or not Redis answers: an unavailable Redis leaves the worker waiting for it
 * (see {@code Worker#start}), so that a server booted before its Redis works as soon as Redis is up.
 */
@ApplicationScoped
public class WorkerLifecycle {

    static final String DEFAULT_THREAD_FACTORY = "java:comp/DefaultManagedThreadFactory";
    private static final Logger LOG = Logger.getLogger(WorkerLifecycle.class.getName());

    @Inject
    SidelineRuntime runtime;
    @Inject
    @SidelineExecutor
    Instance<ExecutorService> customExecutor;

    /** The executor this bean created (and so shuts down), or null when the application supplied one. */
    private ExecutorService ownExecutor;

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        if (!runtime.config().workerEnabled()) {
            LOG.info("sideline: sideline.worker.enabled=false: this server only starts workflows");
            return;
        }
        // With Redis down, the worker waits for it in the background: the application deploys all the same.
        runtime.newWorker().start(executor(), runtime::checkPostureOnce);
    }

    void stop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object stopping) {
        runtime.stopWorker();
        if (ownExecutor != null) {
            ownExecutor.shutdownNow();
        }
    }

    private ExecutorService executor() {
        if (customExecutor.isResolvable()) {
            return customExecutor.get();
        }
        try {
            ThreadFactory threads = (ThreadFactory) new InitialContext().lookup(DEFAULT_THREAD_FACTORY);
            // One managed thread per loop, created on demand; none is kept idle.
            ownExecutor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 10, TimeUnit.SECONDS, new SynchronousQueue<>(),
                    threads);
            return ownExecutor;
        } catch (NamingException e) {
            throw new IllegalStateException("sideline: no managed thread factory at " + DEFAULT_THREAD_FACTORY
                    + " and no @SidelineExecutor ExecutorService bean", e);
        }
    }
}
