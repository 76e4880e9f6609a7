package io.sideline.ee.redis;

import io.sideline.ee.RunState;
import io.sideline.ee.RunStatus;
import io.sideline.ee.SidelineAdmin;
import io.sideline.ee.config.SidelineConfig;
import redis.clients.jedis.UnifiedJedis;

import java.util.List;
import java.util.Optional;

/** {@link SidelineAdmin} over Redis: each query is one reader of this package (see their Javadoc for the cost). */
public final class RedisAdmin implements SidelineAdmin {

    private final RedisRunIndex runs;
    private final RedisQueues queues;
    private final RedisWorkers workers;
    private final RedisStats stats;
    private final RedisJobSets jobs;
    private final RedisRunGraph graphs;

    RedisAdmin(UnifiedJedis redis, RedisKeys keys, SidelineConfig config, RedisScripts scripts) {
        this.runs = new RedisRunIndex(redis, keys, new RedisRunStore(redis, scripts, keys, config));
        this.queues = new RedisQueues(redis, keys);
        this.workers = new RedisWorkers(redis, keys);
        this.stats = new RedisStats(redis, keys);
        this.jobs = new RedisJobSets(redis, keys);
        this.graphs = new RedisRunGraph(redis, keys);
    }

    @Override
    public Optional<String> graph(String runId) {
        return graphs.graph(runId);
    }

    @Override
    public Page<RunStatus> runs(RunState state, int limit, String cursor) {
        return runs.runs(state, limit, cursor);
    }

    @Override
    public List<QueueInfo> queues() {
        return queues.queues();
    }

    @Override
    public void pause(String queue) {
        queues.pause(queue);
    }

    @Override
    public void resume(String queue) {
        queues.resume(queue);
    }

    @Override
    public List<WorkerInfo> workers() {
        return workers.workers();
    }

    @Override
    public JobStats stats() {
        return stats.read();
    }

    @Override
    public Page<JobEntry> jobs(JobSet set, int limit, String cursor) {
        return jobs.jobs(set, limit, cursor);
    }
}
