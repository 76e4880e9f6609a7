package io.sideline.ee.cdi;

import io.sideline.ee.RunState;
import io.sideline.ee.RunStatus;
import io.sideline.ee.SidelineAdmin;
import io.sideline.ee.redis.RedisBackend;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Optional;

/** The injectable {@link SidelineAdmin}: delegates to the Redis implementation of the application's runtime. */
@ApplicationScoped
public class SidelineAdminBean implements SidelineAdmin {

    @Inject
    RedisBackend backend;

    private SidelineAdmin admin() {
        return backend.admin();
    }

    @Override
    public Page<RunStatus> runs(RunState state, int limit, String cursor) {
        return admin().runs(state, limit, cursor);
    }

    @Override
    public Optional<String> graph(String runId) {
        return admin().graph(runId);
    }

    @Override
    public List<QueueInfo> queues() {
        return admin().queues();
    }

    @Override
    public void pause(String queue) {
        admin().pause(queue);
    }

    @Override
    public void resume(String queue) {
        admin().resume(queue);
    }

    @Override
    public List<WorkerInfo> workers() {
        return admin().workers();
    }

    @Override
    public JobStats stats() {
        return admin().stats();
    }

    @Override
    public Page<JobEntry> jobs(JobSet set, int limit, String cursor) {
        return admin().jobs(set, limit, cursor);
    }
}
