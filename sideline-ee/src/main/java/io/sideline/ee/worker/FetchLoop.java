package io.sideline.ee.worker;

import io.sideline.ee.runtime.JobQueue;

import java.time.Duration;

/** Sidekiq's processor: fetches one job from its queue (reliably, see {@link JobQueue#fetch}) and runs it. */
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
        queue.fetch(queueName, workerId, fetchTimeout).ifPresent(raw -> {
            current = raw;
            try {
                processor.process(raw, workerId);
            } finally {
                current = null;
                processed.incrementAndGet();
            }
        });
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
