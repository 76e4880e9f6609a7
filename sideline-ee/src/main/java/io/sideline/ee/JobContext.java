package io.sideline.ee;

/**
 * What a running job knows about itself. Inject it into a {@code @SidelineJob} bean
 * ({@code @Inject JobContext job;}); it describes the job the current thread is performing.
 */
public interface JobContext {

    /** True while the current thread performs a job fetched from the queue. */
    boolean active();

    /** The run id ({@code sideline_run_id}) of the current job. */
    String runId();

    /** The current job's id ({@code jid}). */
    String jid();

    /** The current job's registered name. */
    String jobName();

    /** How many times this job failed before this attempt. */
    int retryCount();

    /** The size of the current job's payload as stored in Redis, in characters (for monitoring). */
    int payloadSize();

    /**
     * Refreshes the TTL of every barrier referenced by the current job's completion callbacks, and of its
     * run's memory (the seed's {@code extend_ttl!}), so a long-running job does not outlive the barriers
     * that continue its workflow or the memory its successors read.
     */
    void extendTtl(long ttlSeconds);

    /**
     * Whether the current job's run was cancelled ({@link RunControl#cancel}) while the job runs, so that a long job
     * can stop early. Learned by the worker's heartbeat, which reads the state of the runs of its busy jobs: it
     * turns true within about one {@code sideline.heartbeat.interval-ms} of the cancel (at once on the server that
     * cancelled), and costs no Redis command per job. Whatever the job does, its completion advances nothing.
     */
    default boolean isCancelled() {
        return false;
    }
}
