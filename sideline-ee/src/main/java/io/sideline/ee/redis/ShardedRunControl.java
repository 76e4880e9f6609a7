package io.sideline.ee.redis;

import io.sideline.ee.ControlResult;
import io.sideline.ee.RunControl;
import io.sideline.ee.runtime.RunControlStore;

/**
 * Run control on a cluster: a run's cancel or retry goes to its shard (named by its id); a job of a set is looked
 * for shard by shard (its jid alone does not name the shard of a job of a run), the first shard that has it acts.
 */
final class ShardedRunControl implements RunControlStore {

    private final Shards shards;
    private final RedisRunControl[] perShard;

    ShardedRunControl(Shards shards, RedisRunControl[] perShard) {
        this.shards = shards;
        this.perShard = perShard;
    }

    @Override
    public ControlResult cancel(String runId) {
        return shards.serves(runId) ? perShard[shards.shardOfRun(runId)].cancel(runId) : noRun(runId);
    }

    @Override
    public ControlResult retry(String runId) {
        return shards.serves(runId) ? perShard[shards.shardOfRun(runId)].retry(runId) : noRun(runId);
    }

    @Override
    public ControlResult retryJob(RunControl.JobSet set, String jid) {
        ControlResult result = null;
        for (RedisRunControl shard : perShard) {
            result = shard.retryJob(set, jid);
            if (result.outcome() != ControlResult.Outcome.NOT_FOUND) {
                return result;
            }
        }
        return result;
    }

    @Override
    public ControlResult deleteJob(RunControl.JobSet set, String jid) {
        ControlResult result = null;
        for (RedisRunControl shard : perShard) {
            result = shard.deleteJob(set, jid);
            if (result.outcome() != ControlResult.Outcome.NOT_FOUND) {
                return result;
            }
        }
        return result;
    }

    @Override
    public long finishPark(String runId) {
        return shards.serves(runId) ? perShard[shards.shardOfRun(runId)].finishPark(runId) : 0;
    }

    /** Each shard finishes its own interrupted retries (a run's parked jobs and its unpark entry share its shard). */
    @Override
    public long finishUnpark(int maxRuns) {
        long enqueued = 0;
        for (RedisRunControl shard : perShard) {
            enqueued += shard.finishUnpark(maxRuns);
        }
        return enqueued;
    }

    private static ControlResult noRun(String runId) {
        return new ControlResult(ControlResult.Outcome.NOT_FOUND, null, 0, "no run " + runId);
    }
}
