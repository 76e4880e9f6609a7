package io.sideline.ee.redis;

import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.runtime.Barrier;
import io.sideline.ee.runtime.CallbackLevel;
import io.sideline.ee.runtime.Completion;
import io.sideline.ee.runtime.FetchedJob;
import io.sideline.ee.runtime.Normalizer;
import io.sideline.ee.runtime.ScriptBudget;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The default barrier: completion is one Lua script ({@code complete.lua}).
 *
 * <p><b>Guarantee.</b> The acknowledgement of the finishing job, the write of its output to the run's
 * memory (when the memory is the default {@link RedisHashMemory}), its count in each barrier of its
 * callback stack, the release of those barriers and the enqueue of the continuations they launch happen
 * in a single atomic step. Members are counted by job id in a set. Hence:
 * <ul>
 *   <li>a crash at any instant leaves either none or all of these effects: a released barrier always has
 *       its continuation enqueued, so a run can never be stranded by a crash (the unacknowledged job is
 *       recovered by the reaper and completes again);</li>
 *   <li>a job delivered twice counts once: it can neither release a group early nor launch a
 *       continuation twice;</li>
 *   <li>a worker whose job was handed to another worker (its heartbeat expired) is fenced: its late
 *       completion changes nothing;</li>
 *   <li>a barrier that no longer exists (TTL expired, keys deleted) is reported, never treated as
 *       "not yet released";</li>
 *   <li>when the worker asks for it, the same step moves its next job from the queue into its in-progress
 *       list (a prefetch: one round trip per job instead of two). That job is as safe as a fetched one: a
 *       crash leaves it to the reaper, and should the reply carrying it be lost, the worker's orphan sweep
 *       hands it back.</li>
 * </ul>
 * It assumes Redis does not lose acknowledged writes (persistence with {@code appendfsync always}, or
 * the loss window of the configured persistence, see the README's guarantees table). The job's own
 * {@code perform} runs at least once.
 */
public final class AtomicBarrier implements Barrier {

    private final RedisScripts scripts;
    private final SidelineConfig config;
    private final boolean memoryInRedis;
    /** Continuations too big for one call: staged before, drained after the release (see {@link StagedPlans}). */
    private final StagedPlans staged;
    /** Where each job completes: on one Redis, {@link #scripts} for every job. */
    private final Shards shards;

    /**
     * @param memoryInRedis true when the run memory is the default {@link RedisHashMemory}: the job's output
     *                      is then written by the completion script itself, atomically
     */
    public AtomicBarrier(RedisScripts scripts, SidelineConfig config, boolean memoryInRedis) {
        this(Shards.single(scripts), config, memoryInRedis);
    }

    /** Completions over {@code shards}: each in its job's shard. */
    AtomicBarrier(Shards shards, SidelineConfig config, boolean memoryInRedis) {
        this.shards = shards;
        this.scripts = shards.scripts(0);
        this.config = config;
        this.memoryInRedis = memoryInRedis;
        this.staged = new StagedPlans(scripts, config.limits().leaseSeconds());
    }

    /** The built-in no-op that carries the delay of an empty step is not one of the run's jobs. */
    static boolean countsAsJob(FetchedJob job) {
        return !Normalizer.NOOP_JOB.equals(job.payload().jobName());
    }

    @Override
    public Completion complete(FetchedJob job, List<CallbackLevel> levels, Map<String, String> output) {
        List<ScriptArgs.Level> stack = new ArrayList<>(levels.size());
        for (CallbackLevel level : levels) {
            stack.add(new ScriptArgs.Level(level.barrierId(), level.continuation(), level.root(), level.group()));
        }
        String runId = job.payload().runId();
        RedisScripts scripts = shards.scriptsOfJob(runId, job.payload().jid()); // one Redis: the only scripts
        ScriptArgs.Memory memory = memoryInRedis && runId != null
                ? new ScriptArgs.Memory(scripts.keys().memory(runId), config.limits().leaseSeconds(), config.memory().clearOnSuccess(), output)
                : ScriptArgs.Memory.NONE;
        ScriptArgs.Complete call = new ScriptArgs.Complete(job.workerId(), job.raw(), job.payload().jid(), runId,
                countsAsJob(job), memory, job.prefetchQueue(), stack, job.payload().node());
        Completion completion;
        try {
            completion = scripts.complete(call, RedisRunStore.ttls(config));
        } catch (UnstagedContinuationException e) {
            // only for a continuation of more than ScriptBudget.MAX_ELEMENTS, and only by the job releasing it
            return completeStaged(scripts, call, e.level());
        }
        return drainReleased(scripts, completion, stack);
    }

    /** Stages the big continuation this job releases, then completes (once more if the stage was dropped meanwhile). */
    private Completion completeStaged(RedisScripts scripts, ScriptArgs.Complete call, ScriptArgs.Level level) {
        StagedPlans staged = scripts == this.scripts ? this.staged
                : new StagedPlans(scripts, config.limits().leaseSeconds());
        for (int attempt = 1; ; attempt++) {
            staged.stageRelease(level.barrierId(), level.continuation());
            try {
                return drainReleased(scripts, scripts.complete(call, RedisRunStore.ttls(config)), call.levels());
            } catch (UnstagedContinuationException e) {
                if (attempt == 3) {
                    throw new IllegalStateException("the continuation of barrier " + level.barrierId()
                            + " was dropped before its release three times", e);
                }
            }
        }
    }

    /** When the completion released a staged continuation, enqueues its jobs (the recovery does, should this fail). */
    private Completion drainReleased(RedisScripts scripts, Completion completion, List<ScriptArgs.Level> stack) {
        ScriptArgs.Level last = stack.isEmpty() ? null : stack.get(stack.size() - 1);
        if (completion.kind() == Completion.Kind.DONE && completion.released() == stack.size() && last != null
                && last.continuation() != null && ScriptBudget.tooBig(last.continuation(), 0)) {
            (scripts == this.scripts ? staged : new StagedPlans(scripts, config.limits().leaseSeconds()))
                    .drainQuietly(StagedPlans.releaseStageId(last.barrierId()));
        }
        return completion;
    }
}
