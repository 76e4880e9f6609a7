package io.sideline.chaos.faults;

import io.sideline.chaos.ledger.ChaosRedis;
import io.sideline.ee.cdi.PortDecorators;
import io.sideline.ee.runtime.Barrier;
import io.sideline.ee.runtime.Completion;
import io.sideline.ee.runtime.JobQueue;
import io.sideline.ee.runtime.Scheduler;
import io.sideline.ee.runtime.WorkerRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The fault-injection hook: wraps sideline-ee's ports so the driver can halt this server at a named
 * {@link CrashPoint} for one job label, inject a duplicate delivery, capture a payload, see fenced completions, and
 * throw an {@link Error} into a loop ({@link LoopErrors}).
 * Nothing here changes what a port does; it only halts before or after delegating, or adds a copy of a payload.
 */
@ApplicationScoped
public class ChaosPorts implements PortDecorators {

    /** Completions that were not DONE (fenced zombies, missing barriers): {label, outcome, detail, server, pid}. */
    static final String ODD_COMPLETIONS = "chaos:completions";
    static final String DUPLICATES = "chaos:dups";
    static final String CAPTURED = "chaos:payload:";
    static final String DUPLICATE_ARM = "dup";
    static final String CAPTURE_ARM = "capture";

    @Inject
    Arms arms;
    @Inject
    LoopErrors loopErrors;

    @Inject
    @ConfigProperty(name = "sideline.key-prefix", defaultValue = "sideline:")
    String prefix;

    private ChaosRedis redis() {
        return arms.redis();
    }

    @Override
    public JobQueue decorate(JobQueue queue) {
        return new JobQueue() {
            @Override
            public Optional<String> fetch(String queueName, String workerId, Duration timeout) {
                Optional<String> raw = queue.fetch(queueName, workerId, timeout);
                raw.ifPresent(payload -> fetched(queueName, payload));
                return raw;
            }

            @Override
            public void received(String queueName, String workerId, String raw) {
                queue.received(queueName, workerId, raw);
                fetched(queueName, raw); // a job taken by the previous one's completion is fetched all the same
            }

            @Override
            public List<String> inProgress(String workerId) {
                loopErrors.at("orphan sweep");
                return queue.inProgress(workerId);
            }

            @Override
            public FailOutcome fail(String workerId, String raw, String stored, boolean retry, long retryDelayMs,
                                    String runId) {
                return queue.fail(workerId, raw, stored, retry, retryDelayMs, runId);
            }

            @Override
            public boolean requeue(String workerId, String raw, String queueName) {
                return queue.requeue(workerId, raw, queueName);
            }
        };
    }

    private void fetched(String queueName, String raw) {
        String label = Arms.labelOf(raw).orElse(null);
        if (label == null) {
            return;
        }
        if (arms.consume(DUPLICATE_ARM, label)) {
            // A second delivery of exactly this payload, while the first is in progress here (D1 in the research).
            redis().call(r -> r.lpush(prefix + "queue:" + queueName, raw));
            redis().call(r -> r.rpush(DUPLICATES, event(label, "duplicate pushed")));
        }
        if (arms.consume(CAPTURE_ARM, label)) {
            redis().call(r -> r.set(CAPTURED + label, raw));
        }
        if (arms.consume(CrashPoint.FETCH, label)) {
            arms.halt(CrashPoint.FETCH, label);
        }
        loopErrors.atFetch(label);
    }

    @Override
    public Barrier decorate(Barrier barrier) {
        return (job, levels, output) -> {
            String label = Arms.labelOfArgs(job.payload().argsJson()).orElse(null);
            if (arms.consume(CrashPoint.BEFORE_COMPLETE, label)) {
                arms.halt(CrashPoint.BEFORE_COMPLETE, label);
            }
            Completion completion = barrier.complete(job, levels, output);
            if (completion.kind() != Completion.Kind.DONE) {
                String event = Json.createObjectBuilder().add("label", label == null ? "" : label)
                        .add("jid", job.payload().jid()).add("outcome", completion.kind().name())
                        .add("detail", String.valueOf(completion.missingBarrier())).add("server", ChaosRedis.SERVER)
                        .add("pid", ChaosRedis.PID).add("ms", System.currentTimeMillis()).build().toString();
                redis().call(r -> r.rpush(ODD_COMPLETIONS, event));
            }
            if (arms.consume(CrashPoint.AFTER_COMPLETE, label)) {
                arms.halt(CrashPoint.AFTER_COMPLETE, label);
            }
            return completion;
        };
    }

    @Override
    public Scheduler decorate(Scheduler scheduler) {
        return limit -> {
            loopErrors.at("promoter");
            Set<String> armed = arms.armed(CrashPoint.PROMOTE);
            if (armed.isEmpty()) {
                return scheduler.promoteDue(limit);
            }
            List<String[]> due = dueArmed(armed);
            long next = scheduler.promoteDue(limit);
            for (String[] labelAndPayload : due) {
                boolean promoted = redis().tryCall(r -> r.zscore(prefix + "schedule", labelAndPayload[1]), 0.0) == null;
                if (promoted && arms.consume(CrashPoint.PROMOTE, labelAndPayload[0])) {
                    arms.halt(CrashPoint.PROMOTE, labelAndPayload[0]);
                }
            }
            return next;
        };
    }

    /**
     * Scheduled payloads of armed labels that are due now: the ones the next promotion moves. Redis runs on this
     * host, so its clock (which promote.lua uses) is this JVM's clock.
     */
    private List<String[]> dueArmed(Set<String> armed) {
        List<String[]> due = new ArrayList<>();
        String now = Long.toString(System.currentTimeMillis());
        for (String payload : redis().tryCall(r -> r.zrangeByScore(prefix + "schedule", "-inf", now), List.<String>of())) {
            Arms.labelOf(payload).filter(armed::contains).ifPresent(label -> due.add(new String[]{label, payload}));
        }
        return due;
    }

    @Override
    public WorkerRegistry decorate(WorkerRegistry processes) {
        return new WorkerRegistry() {
            @Override
            public void heartbeat(String workerId, Duration ttl, String info) {
                loopErrors.at("heartbeat");
                processes.heartbeat(workerId, ttl, info);
            }

            @Override
            public Set<String> known() {
                loopErrors.at("reaper");
                return processes.known();
            }

            @Override
            public long reap(String workerId) {
                long requeued = processes.reap(workerId);
                if (requeued > 0) {
                    // the reap arm is not per label: whichever reaper requeues something first takes it
                    String arm = redis().tryCall(r -> r.spop(Arms.ARM + CrashPoint.REAP.key()), null);
                    if (arm != null) {
                        arms.halt(CrashPoint.REAP, arm);
                    }
                }
                return requeued;
            }

            @Override
            public void retire(String workerId) {
                processes.retire(workerId);
            }

            @Override
            public long inProgress(String workerId) {
                return processes.inProgress(workerId);
            }
        };
    }

    private static String event(String label, String what) {
        return Json.createObjectBuilder().add("label", label).add("what", what).add("server", ChaosRedis.SERVER)
                .add("pid", ChaosRedis.PID).add("ms", System.currentTimeMillis()).build().toString();
    }
}
