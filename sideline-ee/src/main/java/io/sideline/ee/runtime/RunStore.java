package io.sideline.ee.runtime;

import io.sideline.ee.RunState;
import io.sideline.ee.RunStatus;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Starts runs and reads their status (port). */
public interface RunStore {

    /**
     * A new run's id: a UUID; where runs are sharded (a Redis Cluster), one that names its shard, taken from the
     * idempotency key when there is one (null for none).
     */
    default String newRunId(String idempotencyKey) {
        return Ids.runId();
    }

    /**
     * A new jid for a job of no run: Sidekiq's 24 hex characters; where jobs are sharded, ones that name the job's
     * shard, taken from the idempotency key when there is one (null for none).
     */
    default String newJid(String idempotencyKey) {
        return Ids.jid();
    }

    /**
     * Writes the run's status, its seeded memory, first barriers and first jobs in one atomic step.
     *
     * @param memory memory fields to seed (field name to JSON text), e.g. a template's input; may be empty
     */
    void launch(String runId, Plan plan, long totalJobs, Map<String, String> memory);

    /**
     * A run to start: its id, its launch plan, the number of jobs in its whole workflow and its caller's
     * idempotency key (null for none).
     */
    record Launch(String runId, Plan plan, long totalJobs, Once once) {
        /** A run started without an idempotency key. */
        public Launch(String runId, Plan plan, long totalJobs) {
            this(runId, plan, totalJobs, null);
        }
    }

    /**
     * A caller's idempotency key for one start and the digest of what it starts: the same key again with the same
     * digest starts nothing, with another digest it is refused (see {@code RunOptions}).
     */
    record Once(String key, String digest) {

        /** The key with the SHA-256 digest (hex) of the canonical JSON form of what it starts. */
        public static Once of(String key, String canonicalJson) {
            try {
                byte[] hash = MessageDigest.getInstance("SHA-256")
                        .digest(canonicalJson.getBytes(StandardCharsets.UTF_8));
                return new Once(key, HexFormat.of().formatHex(hash));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java platform has SHA-256", e);
            }
        }
    }

    /**
     * {@link #launch(String, Plan, long, java.util.Map)} with an idempotency key (null for none).
     *
     * @return the run id that holds the key: {@code runId} when this call started it, the run started earlier with
     * the key otherwise (then nothing was written)
     * @throws io.sideline.ee.IdempotencyConflictException when the key holds another workflow's digest
     */
    default String launch(String runId, Plan plan, long totalJobs, Map<String, String> memory, Once once) {
        requireNone(once == null);
        launch(runId, plan, totalJobs, memory);
        return runId;
    }

    /**
     * {@link #launchAll} with the runs' idempotency keys: the run id that holds each run's key, in order (its own
     * id when this call started it).
     */
    default List<String> launchAllOnce(List<Launch> runs) {
        requireNone(runs.stream().allMatch(run -> run.once() == null));
        launchAll(runs);
        return runs.stream().map(Launch::runId).toList();
    }

    /**
     * {@link #enqueueJobs} with each job's idempotency key ({@code once}, null entries for none; {@code jids} the jobs'
     * ids): the jid that holds each job's key, in order (its own when this call enqueued it).
     */
    default List<String> enqueueJobsOnce(List<Plan.PlannedJob> jobs, List<String> jids,
                                            List<Once> once) {
        requireNone(once.stream().allMatch(Objects::isNull));
        enqueueJobs(jobs);
        return jids;
    }

    /** A decorator written before keys existed must not drop them silently. */
    private static void requireNone(boolean none) {
        if (!none) {
            throw new UnsupportedOperationException("this RunStore keeps no idempotency keys: implement the "
                    + "methods that take them (a decorator passes them on)");
        }
    }

    /** Starts every run of {@code runs} (none with seeded memory) in one atomic step: all or none. */
    void launchAll(List<Launch> runs);

    /**
     * Finishes or drops the starts and releases that were written in steps (too big for one script call) and whose
     * caller stopped between two steps: a committed one has its remaining jobs enqueued, one never committed is
     * dropped once its lease is over. The number finished or dropped. Run by the stall detector.
     */
    default int recoverStaged() {
        return 0;
    }

    /** Enqueues jobs that belong to no run (see {@code Workflows.enqueueAll}) in one atomic step. */
    void enqueueJobs(List<Plan.PlannedJob> jobs);

    Optional<RunStatus> status(String runId);

    /**
     * A run's state alone, empty when the run does not exist: what a worker's heartbeat reads for each run it performs
     * a job of (a cancel), without the reads of a whole status (stall, unserved queues, hung jobs).
     */
    default Optional<RunState> state(String runId) {
        return status(runId).map(RunStatus::state);
    }

    /** Ids of running runs whose last progress is older than {@code stallAfterMs}, oldest first. */
    List<String> stalled(long stallAfterMs, int limit);

    /**
     * Fails the runs among the {@code limit} running runs from position {@code from} of the running index that are
     * older than {@code maxAgeMs}, with the reason in their status (see {@code sideline.run.max-age}).
     */
    default AgeOut ageOut(long maxAgeMs, long from, int limit) {
        return new AgeOut(List.of(), 0);
    }

    /** The runs an {@link #ageOut} call failed, and the position to look from next (0: start over). */
    record AgeOut(List<String> failed, long next) {
    }

    /**
     * Turns the keys of up to {@code runs} finished runs down from the lease to their retention TTLs, in bounded
     * chunks; returns how many runs it finished collecting.
     */
    default int collect(int runs) {
        return 0;
    }

    /** Queues holding jobs that no live worker serves (their jobs wait until such a server starts). */
    default List<String> unservedQueues() {
        return List.of();
    }

    /**
     * Notes in the run's status that its job {@code jid} has been performing for longer than
     * {@code sideline.job.warn-after-ms} ({@code description}: name, jid, worker, since; never its arguments).
     * Called once per such attempt, never on the per-step path. A store that keeps no such notes ignores it.
     */
    default void reportHung(String runId, String jid, String description) {
    }

    /** The attempt noted by {@link #reportHung} has ended (returned, failed or abandoned). */
    default void clearHung(String runId, String jid) {
    }
}
