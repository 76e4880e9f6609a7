package io.sideline.ee.cdi;

import io.sideline.ee.worker.Worker;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * This server's worker once {@link WorkerLifecycle} started it: for the beans that ask it about its jobs (a
 * cancellation, {@code JobContext#isCancelled}) and for the liveness check. Empty on a server without a worker.
 */
public final class RunningWorker {

    private final AtomicReference<Worker> worker = new AtomicReference<>();

    /** The running worker, if this server runs one. */
    public Optional<Worker> current() {
        return Optional.ofNullable(worker.get());
    }

    void started(Worker started) {
        worker.set(started);
    }

    /** Stops the worker (idempotent): called when the application stops. */
    void stop() {
        current().ifPresent(Worker::stop);
    }
}
