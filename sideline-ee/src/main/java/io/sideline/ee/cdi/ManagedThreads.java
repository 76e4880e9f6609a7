package io.sideline.ee.cdi;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.logging.Logger;

/**
 * The server's default {@code ManagedThreadFactory} ({@value WorkerExecutor#DEFAULT_THREAD_FACTORY}), for the one
 * long-lived thread the Redis connection needs (the watch that keeps its sockets' timeouts). Without one (a CDI
 * container outside a Jakarta EE server, such as the tests' Weld) the connector uses a daemon thread of its own.
 */
final class ManagedThreads {

    private static final Logger LOG = Logger.getLogger(ManagedThreads.class.getName());

    private ManagedThreads() {
    }

    /** Looked up now, on a thread of the starting application (a managed thread carries its context). */
    static Optional<ThreadFactory> lookUp() {
        try {
            Object found = new InitialContext().lookup(WorkerExecutor.DEFAULT_THREAD_FACTORY);
            return found instanceof ThreadFactory threads ? Optional.of(threads) : Optional.empty();
        } catch (NamingException | RuntimeException | NoClassDefFoundError e) {
            LOG.fine(() -> "sideline: no " + WorkerExecutor.DEFAULT_THREAD_FACTORY + " (" + e
                    + "); the Redis socket watch runs on a daemon thread of its own");
            return Optional.empty();
        }
    }
}
