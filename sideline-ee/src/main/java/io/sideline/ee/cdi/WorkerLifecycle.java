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
import java.util.logging.Logger;

/**
 * Starts this server's worker with the application and stops it before the application's beans go
 * away. The loops run on the server's default managed executor, or on an {@code ExecutorService} bean
 * qualified {@link SidelineExecutor} when the application provides one.
 */
@ApplicationScoped
public class WorkerLifecycle {

    static final String DEFAULT_EXECUTOR = "java:comp/DefaultManagedExecutorService";
    private static final Logger LOG = Logger.getLogger(WorkerLifecycle.class.getName());

    @Inject
    SidelineRuntime runtime;
    @Inject
    @SidelineExecutor
    Instance<ExecutorService> customExecutor;

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        if (!runtime.config().workerEnabled()) {
            LOG.info("sideline: sideline.worker.enabled=false: this server only starts workflows");
            return;
        }
        runtime.newWorker().start(executor());
    }

    void stop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object stopping) {
        runtime.stopWorker();
    }

    private ExecutorService executor() {
        if (customExecutor.isResolvable()) {
            return customExecutor.get();
        }
        try {
            return (ExecutorService) new InitialContext().lookup(DEFAULT_EXECUTOR);
        } catch (NamingException e) {
            throw new IllegalStateException("sideline: no managed executor at " + DEFAULT_EXECUTOR
                    + " and no @SidelineExecutor ExecutorService bean", e);
        }
    }
}
