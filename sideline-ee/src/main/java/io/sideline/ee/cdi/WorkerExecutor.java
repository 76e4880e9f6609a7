package io.sideline.ee.cdi;

import io.sideline.ee.config.SidelineConfig;
import jakarta.enterprise.concurrent.ManagedExecutorService;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The executor that runs the worker's loops, as {@code sideline.executor} names it, and a description of it for
 * the startup log line. Never falls back silently: a name that does not resolve to what it must is an error.
 *
 * @param executor the executor to submit the loops to
 * @param owned    whether the library created it (and so shuts it down); a managed executor is the container's
 * @param describe what it is, for the log line that says which executor is in use
 */
record WorkerExecutor(ExecutorService executor, boolean owned, String describe) {

    /**
     * How many tasks the library's own executor ({@link SidelineConfig#LIBRARY_EXECUTOR}) runs at once. The
     * annotation needs a constant, so it cannot follow {@code sideline.concurrency}: a configuration that needs
     * more threads is refused at startup (see {@link #resolve}); it then names a larger executor instead.
     */
    static final int LIBRARY_MAX_ASYNC = 64;
    static final String DEFAULT_THREAD_FACTORY = "java:comp/DefaultManagedThreadFactory";

    /** Looks a JNDI name up; throws with the cause when it is not bound. */
    @FunctionalInterface
    interface Lookup {
        Object lookup(String name) throws Exception;
    }

    /** The executor {@code config} selects, looked up through {@code jndi}. */
    static WorkerExecutor resolve(SidelineConfig config, Lookup jndi) {
        String name = config.worker().executor();
        int needed = config.worker().threads();
        if (name.equals(SidelineConfig.THREAD_FACTORY_EXECUTOR)) {
            ThreadFactory threads = lookup(jndi, DEFAULT_THREAD_FACTORY, ThreadFactory.class);
            // One managed thread per loop, created on demand; none is kept idle.
            ExecutorService pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 10, TimeUnit.SECONDS,
                    new SynchronousQueue<>(), threads);
            return new WorkerExecutor(pool, true, "a thread pool over " + DEFAULT_THREAD_FACTORY + " ("
                    + SidelineConfig.Keys.EXECUTOR + "=" + name + "), " + needed + " threads");
        }
        if (name.equals(SidelineConfig.LIBRARY_EXECUTOR) && needed > LIBRARY_MAX_ASYNC) {
            // Loops beyond the bound would wait in the executor's queue forever: refuse instead.
            throw new IllegalStateException("sideline: the worker needs " + needed + " threads (queues x "
                    + SidelineConfig.Keys.CONCURRENCY + " + 9) but the library's executor " + name + " runs at most "
                    + LIBRARY_MAX_ASYNC + " tasks: lower " + SidelineConfig.Keys.CONCURRENCY + " or set "
                    + SidelineConfig.Keys.EXECUTOR + " to a larger ManagedExecutorService");
        }
        ManagedExecutorService executor = lookup(jndi, name, ManagedExecutorService.class);
        String bound = name.equals(SidelineConfig.LIBRARY_EXECUTOR) ? "max-async " + LIBRARY_MAX_ASYNC
                : "it must run " + needed + " tasks at once";
        return new WorkerExecutor(executor, false, "ManagedExecutorService " + name + " (" + bound + "), needs "
                + needed + " threads");
    }

    private static <T> T lookup(Lookup jndi, String name, Class<T> type) {
        Object found;
        try {
            found = jndi.lookup(name);
        } catch (Exception e) {
            throw new IllegalStateException("sideline: " + SidelineConfig.Keys.EXECUTOR + " needs a " + type.getSimpleName()
                    + " at " + name + ", and none is bound there (" + e + ")", e);
        }
        if (!type.isInstance(found)) {
            throw new IllegalStateException("sideline: " + SidelineConfig.Keys.EXECUTOR + ": " + name + " is not a "
                    + type.getSimpleName() + " but " + (found == null ? "null" : found.getClass().getName()));
        }
        return type.cast(found);
    }
}
