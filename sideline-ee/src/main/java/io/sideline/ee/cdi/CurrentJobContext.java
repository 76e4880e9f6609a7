package io.sideline.ee.cdi;

import io.sideline.ee.JobContext;
import io.sideline.ee.codec.JobPayload;
import io.sideline.ee.runtime.BarrierStore;
import io.sideline.ee.runtime.JobScope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** {@link JobContext} for injection: reads the job the current thread performs. */
@ApplicationScoped
public class CurrentJobContext implements JobContext {

    @Inject
    BarrierStore barriers;
    @Inject
    RunMemory memory;
    @Inject
    RunningWorker worker;

    @Override
    public boolean active() {
        return JobScope.current().isPresent();
    }

    @Override
    public String runId() {
        return payload().runId();
    }

    @Override
    public String jid() {
        return payload().jid();
    }

    @Override
    public String jobName() {
        return payload().jobName();
    }

    @Override
    public int retryCount() {
        return payload().retryCount();
    }

    @Override
    public int payloadSize() {
        return JobScope.current().orElseThrow(() -> new IllegalStateException(
                "no sideline job is being performed on this thread")).job().raw().length();
    }

    @Override
    public void extendTtl(long ttlSeconds) {
        if (ttlSeconds <= 0) {
            throw new IllegalArgumentException("ttl must be positive, was " + ttlSeconds);
        }
        barriers.extendTtl(payload().callbacks(), ttlSeconds);
        if (payload().runId() != null) { // a job enqueued on its own has no run memory
            memory.store().extendTtl(payload().runId(), ttlSeconds);
        }
    }

    @Override
    public boolean isCancelled() {
        String runId = payload().runId();
        return worker.current().map(w -> w.isCancelled(runId)).orElse(false);
    }

    private JobPayload payload() {
        return JobScope.current().orElseThrow(() -> new IllegalStateException(
                "no sideline job is being performed on this thread")).job().payload();
    }
}
