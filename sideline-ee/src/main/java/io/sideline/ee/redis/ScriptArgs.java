package io.sideline.ee.redis;

import io.sideline.ee.runtime.Plan;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The arguments of the Lua scripts as small records with named fields, so that a call site reads as what it
 * asks for (see {@link RedisScripts}, which turns them into {@code KEYS} and {@code ARGV}).
 */
public final class ScriptArgs {

    private ScriptArgs() {
    }

    /** How long a finished run's keys are kept: its barriers and chains, its status, its memory (seconds). */
    public record Retention(long barrierSeconds, long runSeconds, long memorySeconds) {
    }

    /**
     * One finished run's part of a collect.lua call: entries of its key index ({@code b:<id>}, {@code o:<id>}, {@code c:<id>}) whose
     * keys to turn down, and whether this is the run's last part (then its index, hash, memory and graph too).
     */
    public record Collect(String runId, List<String> entries, boolean last) {
        public Collect {
            Objects.requireNonNull(runId, "runId");
            entries = List.copyOf(entries);
        }

        /** The keys this part names: four of the run, then one or two per entry (at most). */
        int keyCount() {
            return 4 + 2 * entries.size();
        }
    }

    /** How long barriers (with their member sets and chains) and run hashes live, in seconds. */
    public record Ttls(long barrierSeconds, long runSeconds) {
        public Ttls {
            if (barrierSeconds <= 0 || runSeconds <= 0) {
                throw new IllegalArgumentException("TTLs must be positive: " + barrierSeconds + ", " + runSeconds);
            }
        }
    }

    /**
     * A run's memory as a script writes it: its key, its TTL (seconds), whether a completion that makes the run
     * SUCCEEDED deletes it, and the fields to write (field name to JSON text).
     */
    public record Memory(String key, long ttlSeconds, boolean clearOnSuccess, Map<String, String> fields) {

        /** No memory kept by the script. */
        public static final Memory NONE = new Memory(null, 1, false, Map.of());

        public Memory {
            fields = Map.copyOf(fields);
            if (key == null && !fields.isEmpty()) {
                throw new IllegalArgumentException("memory fields without a memory key");
            }
        }

        boolean kept() {
            return key != null;
        }
    }

    /**
     * A run to start: its id, its first plan, the number of jobs in its whole workflow and its caller's idempotency
     * key (null for none).
     */
    public record RunLaunch(String runId, Plan plan, long totalJobs, Once once) {
        public RunLaunch {
            Objects.requireNonNull(runId, "runId");
            Objects.requireNonNull(plan, "plan");
        }

        /** A run started without an idempotency key. */
        public RunLaunch(String runId, Plan plan, long totalJobs) {
            this(runId, plan, totalJobs, null);
        }
    }

    /**
     * A caller's idempotency key for one start, the digest of the workflow it starts and how long the key is
     * remembered (seconds): the scripts start nothing for a key already recorded with the same digest.
     */
    public record Once(String key, String digest, long ttlSeconds) {
        public Once {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(digest, "digest");
            if (ttlSeconds <= 0) {
                throw new IllegalArgumentException("the idempotency TTL must be positive: " + ttlSeconds);
            }
        }
    }

    /**
     * One level of a completing job's callback stack: the barrier id and the plan of its continuation (null when
     * it has none), whether it is the run's root barrier (whose release finishes the run: the call then also
     * carries the run indexes the run moves between), and whether it is a group's (more than one arrival: every
     * member carries the same plan, encoded once).
     */
    public record Level(String barrierId, Plan continuation, boolean root, boolean group) {
        public Level {
            Objects.requireNonNull(barrierId, "barrierId");
        }

        /** A level of a barrier of one arrival. */
        public Level(String barrierId, Plan continuation, boolean root) {
            this(barrierId, continuation, root, false);
        }

        /** A level that is not the run's root, of a barrier of one arrival. */
        public Level(String barrierId, Plan continuation) {
            this(barrierId, continuation, false);
        }
    }

    /**
     * The completion of a job that performed successfully (complete.lua).
     *
     * @param workerId      whose in-progress list holds the payload
     * @param payload       the payload exactly as fetched
     * @param runId         the job's run, or null for a job of no run
     * @param countsAsJob   false for the built-in no-op that carries a delay: it is not one of the run's jobs
     * @param prefetchQueue the queue to take the worker's next job from in the same step, or null for none
     * @param levels        the callback stack, top first
     * @param node          the job's node number in its run's graph ({@code sideline_node}), null when its payload has none
     */
    public record Complete(String workerId, String payload, String jid, String runId, boolean countsAsJob,
                           Memory memory, String prefetchQueue, List<Level> levels, Integer node) {
        public Complete {
            Objects.requireNonNull(workerId, "workerId");
            Objects.requireNonNull(payload, "payload");
            Objects.requireNonNull(jid, "jid");
            Objects.requireNonNull(memory, "memory (Memory.NONE for none)");
            levels = List.copyOf(levels);
        }

        /** A completion of a job whose payload carries no graph node (the script looks the jid up in the graph). */
        public Complete(String workerId, String payload, String jid, String runId, boolean countsAsJob,
                        Memory memory, String prefetchQueue, List<Level> levels) {
            this(workerId, payload, jid, runId, countsAsJob, memory, prefetchQueue, levels, null);
        }
    }

    /** Whether a failed job waits for a retry or goes to the dead set. */
    public enum FailMode { RETRY, DEAD }

    /**
     * A failed attempt (fail.lua).
     *
     * @param workerId     whose in-progress list holds the payload; null for one that never was in one
     * @param payload      the payload exactly as fetched
     * @param stored       the payload to store (with the retry count and the error)
     * @param retryDelayMs how long a retry waits (RETRY only)
     * @param runId        the job's run, or null when unknown
     */
    public record Failure(String workerId, String payload, String stored, FailMode mode, long retryDelayMs,
                         String runId) {
        public Failure {
            Objects.requireNonNull(payload, "payload");
            Objects.requireNonNull(stored, "stored");
            Objects.requireNonNull(mode, "mode");
        }
    }

    /** The dead set's limits: at most {@code maxJobs} entries, none older than {@code ttlSeconds}. */
    public record DeadLimits(int maxJobs, long ttlSeconds) {
    }

    /**
     * How reap.lua treats a dead worker's jobs.
     *
     * @param maxRecoveries    recoveries allowed per job before it counts as a poison pill
     * @param runTtlSeconds    the TTL of the run hash of a job buried as a poison pill
     * @param suspectSpacingMs how far apart the jobs lost more than once are scheduled (0: all requeued at once)
     * @param forgetAfterMs    how long a dead worker stays known once its list is empty (0: forget it at once)
     */
    public record ReapPolicy(int maxRecoveries, long runTtlSeconds, long suspectSpacingMs, long forgetAfterMs) {
    }

    /**
     * The acknowledgement of the seed barrier (ack.lua).
     *
     * @param releasedRoot whether this job released the run's root barrier (the run SUCCEEDED)
     * @param countsAsJob  false for the built-in no-op that carries a delay
     */
    public record Ack(String workerId, String payload, String runId, boolean releasedRoot, boolean countsAsJob) {
    }

    /**
     * One chunk of a staged plan (stage.lua).
     *
     * @param stageId the stage
     * @param token   the stager's token: a chunk of another token than the stage's changes nothing
     * @param number  1-based; chunk 1 (re)starts the stage
     * @param last    whether this chunk seals the stage
     * @param plan    the chunk's chains, barriers and jobs
     */
    public record StageChunk(String stageId, String token, int number, boolean last, Plan plan) {
        public StageChunk {
            Objects.requireNonNull(stageId, "stageId");
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(plan, "plan");
            if (number < 1) {
                throw new IllegalArgumentException("chunks are numbered from 1: " + number);
            }
        }
    }
}
