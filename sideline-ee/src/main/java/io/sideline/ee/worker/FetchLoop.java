package io.sideline.ee.worker;

import io.sideline.ee.runtime.JobQueue;

import java.time.Duration;

/**
 * Sidekiq's processor: fetches one job from its queue (reliably, see {@link JobQueue#fetch}) and runs it. The
 * completion of a job takes the next one from the same queue in the same Redis step (a prefetch), so a busy
 * loop pays one round trip per job instead of two; it blocks on the queue only when that found nothing. While
 * the worker stops, no next job is taken; one already taken is run, or handed back by {@link Worker#stop}.
 */
final class FetchLoop extends Loop {

    private final JobQueue queue;
    private final String queueName;
    private final String workerId;
    private final Duration fetchTimeout;
    private final Processor processor;
    private volatile String current;
    private final java.util.concurrent.atomic.AtomicLong processed = new java.util.concurrent.atomic.AtomicLong();

    FetchLoop(String name, StopSignal stop, JobQueue queue, String queueName, String workerId, Duration fetchTimeout,
              Processor processor) {
        super(name, stop);
        this.queue = queue;
        this.queueName = queueName;
        this.workerId = workerId;
        this.fetchTimeout = fetchTimeout;
        this.processor = processor;
    }

    @Override
    protected long tick() {
        String raw = queue.fetch(queueName, workerId, fetchTimeout).orElse(null);
        while (raw != null) {
            current = raw;
            String next;
            try {
                next = processor.process(raw, workerId, stop.stopping() ? null : queueName);
            } catch (RuntimeException e) {
                current = null; // left in the in-progress list: retried by the orphan sweep, or handed back at stop
                throw e;
            } finally {
                processed.incrementAndGet();
            }
            current = next; // held from the moment it is known, so that a stop hands it back
            if (next != null) {
                queue.received(queueName, workerId, next);
            }
            raw = next;
            stillTurning();
        }
        return 0;
    }

    /** The payload being performed right now, or null. */
    String current() {
        return current;
    }

    /** Jobs this loop has finished processing (completed, failed, fenced or buried). */
    long processed() {
        return processed.get();
    }

    String queueName() {
        return queueName;
    }

    @Override
    long lastBeatMs() {
        // A loop busy with a long job is alive: it is not stuck in our own code.
        return current != null ? System.currentTimeMillis() : super.lastBeatMs();
    }
}
