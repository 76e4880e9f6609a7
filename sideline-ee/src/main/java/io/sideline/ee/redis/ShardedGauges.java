package io.sideline.ee.redis;

import io.sideline.ee.RunState;
import io.sideline.ee.SidelineAdmin.QueueInfo;
import io.sideline.ee.runtime.LiveGauges;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The metrics' gauges on a cluster: every shard's {@link RedisGauges} added up (queues merged by name). */
final class ShardedGauges implements LiveGauges {

    private final List<RedisGauges> perShard;

    ShardedGauges(List<RedisGauges> perShard) {
        this.perShard = List.copyOf(perShard);
    }

    /** One reporter for the whole cluster: the lease lives in shard 0, beside the heartbeats. */
    @Override
    public boolean reporting(long leaseMs) {
        return perShard.get(0).reporting(leaseMs);
    }

    @Override
    public void stopReporting() {
        perShard.get(0).stopReporting();
    }

    @Override
    public Snapshot read(long stallAfterMs) {
        List<List<QueueInfo>> queues = new ArrayList<>(perShard.size());
        long running = 0;
        long stalled = 0;
        Map<RunState, Long> byState = new EnumMap<>(RunState.class);
        for (RedisGauges shard : perShard) {
            Snapshot one = shard.read(stallAfterMs);
            queues.add(one.queues());
            running += one.running();
            stalled += one.stalled();
            one.byState().forEach((state, count) -> byState.merge(state, count, Long::sum));
        }
        return new Snapshot(ShardedAdmin.mergeQueues(queues), running, stalled, byState);
    }
}
