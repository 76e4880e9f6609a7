package io.sideline.ee.worker;

import io.sideline.ee.RedisUnavailableException;
import io.sideline.ee.runtime.JobQueue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Sidekiq's processor: fetches one job from its queue (reliably, see {@link JobQueue#fetch}) and runs it. The
 * completion of a job takes the next one from the same queue in the same Redis step (a prefetch), so a busy
 * loop pays one round trip per job instead of two; it blocks on the queue only when that found nothing. While
 * the worker stops, no next job is taken; one already taken is run, or handed back by {@link Worker#stop}.
 *
 * <p>When a tick fails (a Redis outage, or any {@code Error} in our code), the job this loop held is handed back
 * to its queue at once (should Redis be unreachable, the {@link OrphanSweep} does it later, since the loop
 * no longer claims it). A fetcher whose job ignored its timeout is {@linkplain #retire() retired} and replaced;
 * when its job finally returns, it takes no further job.
 */
final class FetchLoop extends Loop {

    private static final Logger LOG = Logger.getLogger(FetchLoop.class.getName());

    private final JobQueue queue;
    private final String queueName;
    private final String workerId;
    private final Duration fetchTimeout;
    private final Processor processor;
    private final JobSlot slot;
    private volatile String current;
    private final AtomicLong processed = new AtomicLong();
    private final PausedQueues paused;
    private final long pausedWaitMs;

    FetchLoop(String name, StopSignal stop, JobQueue queue, String queueName, String workerId, Duration fetchTimeout,
              Processor processor, JobSlot slot) {
        this(name, stop, queue, queueName, workerId, fetchTimeout, processor, slot, new PausedQueues(), 0);
    }

    /**
     * @param paused       the paused queues, as the heartbeat last read them: while this loop's queue is among
     *                     them, it fetches nothing (nor prefetches), and looks again every {@code pausedWaitMs}
     */
    FetchLoop(String name, StopSignal stop, JobQueue queue, String queueName, String workerId, Duration fetchTimeout,
              Processor processor, JobSlot slot, PausedQueues paused, long pausedWaitMs) {
        super(name, stop);
        this.paused = paused;
        this.pausedWaitMs = pausedWaitMs;
        this.queue = queue;
        this.queueName = queueName;
        this.workerId = workerId;
        this.fetchTimeout = fetchTimeout;
        this.processor = processor;
        this.slot = slot;
    }

    @Override
    protected long tick() {
        if (paused.contains(queueName)) {
            return pausedWaitMs;
        }
        String raw = queue.fetch(queueName, workerId, fetchTimeout).orElse(null);
        while (raw != null) {
            current = raw;
            String next;
            try {
                next = processor.process(raw, workerId, stop.stopping() || retired() || paused.contains(queueName)
                        ? null : queueName, slot);
            } finally {
                processed.incrementAndGet();
            }
            current = next; // held from the moment it is known, so that a stop or a failure hands it back
            if (next != null) {
                if (retired()) {
                    handBack("a retired fetcher");
                    return 0;
                }
                queue.received(queueName, workerId, next);
            }
            raw = next;
            stillTurning();
        }
        return 0;
    }

    /** The tick failed: the job this loop held goes back to its queue, and the loop no longer claims it. */
    @Override
    protected void recover(Throwable failure) {
        handBack("a failed fetcher (" + failure + ")");
    }

    private void handBack(String why) {
        String held = current;
        current = null; // claimed no longer: should the requeue fail too, the orphan sweep takes the job
        try {
            if (held != null && queue.requeue(workerId, held, queueName)) {
                LOG.warning(() -> "sideline: " + name() + ": handed back the job held by " + why + " to queue "
                        + queueName);
            }
        } catch (RedisUnavailableException e) {
            LOG.warning(() -> "sideline: " + name() + ": cannot hand back its job now (" + e.getMessage()
                    + "); the orphan sweep will");
        }
    }

    /** The payload being performed right now, or null. */
    String current() {
        return current;
    }

    /** What this loop is performing right now, and since when. */
    JobSlot slot() {
        return slot;
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
