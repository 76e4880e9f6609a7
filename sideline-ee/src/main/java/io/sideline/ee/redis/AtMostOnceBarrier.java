package io.sideline.ee.redis;

import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.runtime.Barrier;
import io.sideline.ee.runtime.CallbackLevel;
import io.sideline.ee.runtime.Completion;
import io.sideline.ee.runtime.FetchedJob;

import java.util.List;
import java.util.Map;

/**
 * The seed's barrier (sidekiq-sideline's {@code AtMostOnceBarrier}), selected with
 * {@code sideline.barrier.type=at-most-once}: a counter in Redis, released at most once.
 *
 * <p><b>Guarantee, and its crash window.</b> The release is at most once per counted arrival, but the
 * continuation is enqueued in a separate call after the release, and the job is acknowledged after
 * that. A worker that dies between the release and the enqueue leaves the run stuck; one that dies after
 * the enqueue but before the acknowledgement has its job recovered and counted again, which can release
 * a group early or (for a chain) never again. Arrivals are not identified, so a job delivered twice
 * counts twice. Kept for fidelity with the seed; prefer the default {@link AtomicBarrier}.
 */
public final class AtMostOnceBarrier implements Barrier {

    private final RedisScripts scripts;
    private final SidelineConfig config;

    public AtMostOnceBarrier(RedisScripts scripts, SidelineConfig config) {
        this.scripts = scripts;
        this.config = config;
    }

    @Override
    public Completion complete(FetchedJob job, List<CallbackLevel> levels, Map<String, String> output) {
        // The output was written to memory before this call (JobCompleter): the seed writes memory first, too.
        boolean releasedRoot = false;
        int released = 0;
        for (CallbackLevel level : levels) {
            ScriptReplies.Countdown result = scripts.countdown(level.barrierId());
            if (result == ScriptReplies.Countdown.MISSING) {
                return Completion.missing(level.barrierId());
            }
            if (result == ScriptReplies.Countdown.NOT_RELEASED) {
                break;
            }
            released++;
            if (level.root()) {
                releasedRoot = true;
                break;
            }
            if (level.continuation() != null) {
                // The seed's crash window: the barrier is released, the continuation not yet enqueued.
                scripts.enqueuePlan(level.continuation(), job.payload().runId(), config.limits().leaseSeconds());
                break;
            }
        }
        boolean acknowledged = scripts.ack(new ScriptArgs.Ack(job.workerId(), job.raw(), job.payload().runId(),
                releasedRoot, AtomicBarrier.countsAsJob(job)), config.limits().leaseSeconds());
        // ack.lua does not say whether the run was still RUNNING: a root released here counts as the run's end (a run
        // cancelled while its last job ran is then counted SUCCEEDED too, see docs/observability.md)
        return acknowledged ? Completion.done(released, null, releasedRoot) : Completion.fenced();
    }
}
