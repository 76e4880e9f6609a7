package io.sideline.ee.worker;

import io.sideline.ee.runtime.JobQueue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Hands back jobs that sit in this live worker's own in-progress list while none of its fetchers holds them,
 * where no reaper looks (the reaper only takes the lists of dead workers). Such an orphan appears when a reply
 * that carried a job was lost: a completion whose reply did not arrive is retried, finds its job already done,
 * and never learns of the next job it took (see {@link FetchLoop}); or when a fetcher gave up a job on a Redis
 * failure. Without the sweep, that job would wait until this server stops.
 *
 * <p>A job is handed back only after it was seen unheld at two consecutive sweeps, one interval apart, so a job
 * on its way from Redis to its fetcher (microseconds, at most a socket timeout) is never taken. Should that
 * still happen, the job runs twice at worst: its first completion is fenced.
 */
final class OrphanSweep extends Loop {

    private static final Logger LOG = Logger.getLogger(OrphanSweep.class.getName());

    private final JobQueue queue;
    private final String workerId;
    private final long intervalMs;
    private final Supplier<List<String>> held;
    private final Function<String, String> queueOf;
    private Map<String, Integer> suspects = Map.of();

    /**
     * @param held    the payloads this worker's fetchers hold right now
     * @param queueOf the queue a payload belongs to
     */
    OrphanSweep(StopSignal stop, JobQueue queue, String workerId, long intervalMs, Supplier<List<String>> held,
                Function<String, String> queueOf) {
        super("orphan sweep", stop);
        this.queue = queue;
        this.workerId = workerId;
        this.intervalMs = intervalMs;
        this.held = held;
        this.queueOf = queueOf;
    }

    @Override
    protected long tick() {
        Map<String, Integer> unheld = count(queue.inProgress(workerId));
        held.get().forEach(raw -> unheld.computeIfPresent(raw, (k, n) -> n > 1 ? n - 1 : null));
        Map<String, Integer> stillSuspect = new HashMap<>(unheld);
        unheld.forEach((raw, n) -> {
            int orphans = Math.min(n, suspects.getOrDefault(raw, 0));
            for (int i = 0; i < orphans; i++) {
                String queueName = queueOf.apply(raw);
                if (queue.requeue(workerId, raw, queueName)) {
                    LOG.warning(() -> "sideline: worker " + workerId + " handed back a job that sat in its in-progress "
                            + "list unheld for more than " + intervalMs + " ms, to queue " + queueName);
                }
            }
            stillSuspect.computeIfPresent(raw, (k, m) -> m > orphans ? m - orphans : null);
        });
        suspects = stillSuspect;
        return intervalMs;
    }

    private static Map<String, Integer> count(List<String> payloads) {
        Map<String, Integer> counts = new HashMap<>();
        payloads.forEach(raw -> counts.merge(raw, 1, Integer::sum));
        return counts;
    }
}
