package io.sideline.ee.cdi;

import io.sideline.ee.ControlResult;
import io.sideline.ee.RunControl;
import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.redis.RedisBackend;
import io.sideline.ee.runtime.RunControlStore;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Objects;
import java.util.logging.Logger;

/**
 * {@link RunControl} for injection, over the store's atomic scripts. With {@code sideline.barrier.type=at-most-once}
 * every call is refused with the reason: that barrier completes a job in several calls (countdown, then enqueue),
 * none of which reads the run's state, so a cancelled or failed run would go on starting jobs.
 */
@ApplicationScoped
public class RunControlBean implements RunControl {

    private static final Logger LOG = Logger.getLogger(RunControlBean.class.getName());
    static final String AT_MOST_ONCE_REFUSAL = "run control (cancel, retry, fail-fast parking) needs "
            + "sideline.barrier.type=atomic: the at-most-once barrier's completion does not read the run's state, so "
            + "a cancelled or failed run would go on starting jobs";

    @Inject
    SidelineConfig config;
    @Inject
    RedisBackend backend;
    @Inject
    RunningWorker worker;

    private RunControlStore store;

    @PostConstruct
    void wire() {
        store = backend.control();
    }

    private RunControlStore store() {
        if (config.barrierType() != SidelineConfig.BarrierType.ATOMIC) {
            LOG.warning(() -> "sideline: refused: " + AT_MOST_ONCE_REFUSAL);
            throw new UnsupportedOperationException(AT_MOST_ONCE_REFUSAL);
        }
        return store;
    }

    @Override
    public ControlResult cancel(String runId) {
        ControlResult result = store().cancel(requireId(runId, "runId"));
        worker.current().ifPresent(w -> w.cancelled(runId, result.state()));
        return result;
    }

    @Override
    public ControlResult retry(String runId) {
        return store().retry(requireId(runId, "runId"));
    }

    @Override
    public ControlResult retryJob(JobSet set, String jid) {
        return store().retryJob(Objects.requireNonNull(set, "set"), requireId(jid, "jid"));
    }

    @Override
    public ControlResult deleteJob(JobSet set, String jid) {
        return store().deleteJob(Objects.requireNonNull(set, "set"), requireId(jid, "jid"));
    }

    /** An id from a request: not blank, and short enough to be an id rather than a payload. */
    private static String requireId(String id, String what) {
        if (id == null || id.isBlank() || id.length() > 200) {
            throw new IllegalArgumentException(what + " must be 1 to 200 characters, was "
                    + (id == null ? "null" : id.length() + " characters"));
        }
        return id;
    }
}
