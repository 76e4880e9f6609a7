package io.sideline.ee.redis;

import io.sideline.ee.ControlResult;
import io.sideline.ee.ControlResult.Outcome;
import io.sideline.ee.RunControl.JobSet;
import io.sideline.ee.RunState;
import io.sideline.ee.codec.JobPayload;
import io.sideline.ee.codec.MalformedPayloadException;
import io.sideline.ee.codec.PayloadCodec;
import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.runtime.RunControlStore;
import io.sideline.ee.runtime.ScriptBudget;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Run control on Redis: cancel with {@code halt.lua} then {@link ParkSweep}, retries with {@code resume.lua} then
 * {@link UnparkSweep}. Finding a job by jid or a
 * run's dead jobs reads the whole set (bounded by {@code sideline.dead.max-jobs} for the dead set); the change itself
 * is one atomic script that re-checks every entry, so a job retried or deleted meanwhile is never moved twice.
 */
public final class RedisRunControl implements RunControlStore {

    private final UnifiedJedis redis;
    private final RedisScripts scripts;
    private final RedisKeys keys;
    private final SidelineConfig config;
    private final PayloadCodec codec = new PayloadCodec();
    /** A continuation that refers to a chain's list: {@code @chain:<id>:<index>:<steps>} (see {@code chain_of}). */
    private static final Pattern CHAIN = Pattern.compile("^@chain:([^:]+):");
    private final ParkSweep sweep;
    private final UnparkSweep unpark;

    public RedisRunControl(UnifiedJedis redis, RedisScripts scripts, RedisKeys keys, SidelineConfig config) {
        this(redis, scripts, keys, config, new ParkSweep(redis, scripts, keys));
    }

    /** With the sweep that parks a cancelled run's waiting jobs in bounded steps (tests use small steps). */
    RedisRunControl(UnifiedJedis redis, RedisScripts scripts, RedisKeys keys, SidelineConfig config, ParkSweep sweep) {
        this(redis, scripts, keys, config, sweep, new UnparkSweep(redis, scripts, keys));
    }

    /** With the sweeps that park and unpark in bounded steps (tests use small steps). */
    RedisRunControl(UnifiedJedis redis, RedisScripts scripts, RedisKeys keys, SidelineConfig config, ParkSweep sweep,
                    UnparkSweep unpark) {
        this.redis = redis;
        this.scripts = scripts;
        this.keys = keys;
        this.config = config;
        this.sweep = sweep;
        this.unpark = unpark;
    }

    /**
     * Finishes the park sweep of a halted run (a cancelled or failed-fast run's end is announced in the step that
     * halts it; the server that delivers that end calls this): the halting caller may have died between two steps.
     * A run that is not halted costs one call. What it parks expires with the run ({@code sideline.run.ttl}), as a
     * cancel's: also the waiting jobs of a run failed by no death (aged out), whose halting step parked nothing.
     */
    @Override
    public long finishPark(String runId) {
        return swept(runId);
    }

    /** Finishes at most {@code maxRuns} retries interrupted between two unpark steps (see {@link UnparkSweep}). */
    @Override
    public long finishUnpark(int maxRuns) {
        return unpark.finishInterrupted(maxRuns);
    }

    /**
     * Cancels in one atomic step (the state, the index, the jobs nearest to starting), then parks the rest of the
     * run's waiting jobs in bounded steps. A cancel of a cancelled run sweeps again: it finishes a sweep that a crash
     * interrupted, and finds nothing otherwise.
     */
    @Override
    public ControlResult cancel(String runId) {
        List<String> reply = JedisErrors.call("cancel run " + runId, () -> scripts.halt(runId, config.ttls().run()));
        return switch (reply.get(0)) {
            case "cancelled" -> new ControlResult(Outcome.APPLIED, RunState.CANCELLED,
                    Long.parseLong(reply.get(1)) + swept(runId), "");
            case "already" -> new ControlResult(Outcome.APPLIED, RunState.CANCELLED, swept(runId), "");
            case "finished" -> new ControlResult(Outcome.REFUSED, RunState.valueOf(reply.get(1)), 0,
                    "run " + runId + " already finished " + reply.get(1));
            case "missing" -> new ControlResult(Outcome.NOT_FOUND, null, 0, "no run " + runId);
            default -> throw new IllegalStateException("unexpected reply from halt.lua: " + reply);
        };
    }

    private long swept(String runId) {
        return Math.max(0, sweep.sweep(runId, config.ttls().run()));
    }

    @Override
    public ControlResult retry(String runId) {
        List<String[]> entries = new ArrayList<>();
        Set<String> barriers = new LinkedHashSet<>();
        for (String entry : members(keys.dead())) {
            decode(entry).filter(p -> runId.equals(p.runId())).ifPresent(p -> {
                entries.add(new String[] {entry, entry, p.queue()});
                barriers.addAll(p.callbacks());
            });
        }
        barriers.addAll(parkedBarriers(runId));
        List<String> leased = leasedKeys(runId, barriers);
        return answer(runId, JedisErrors.call("retry run " + runId, () -> scripts.resume(runId, keys.dead(), true, true,
                entries, barriers, leased, config.limits().leaseSeconds())), "run " + runId);
    }

    @Override
    public ControlResult retryJob(JobSet set, String jid) {
        String source = key(set);
        Optional<Found> found = find(source, jid);
        if (found.isEmpty()) {
            return new ControlResult(Outcome.NOT_FOUND, null, 0, "no job " + jid + " in " + set);
        }
        JobPayload job = found.get().payload;
        Set<String> barriers = new LinkedHashSet<>(job.callbacks());
        if (job.runId() != null && set == JobSet.DEAD) {
            barriers.addAll(parkedBarriers(job.runId()));
        }
        List<String[]> entries = new ArrayList<>();
        entries.add(new String[] {found.get().entry, found.get().entry, job.queue()});
        List<String> leased = job.runId() == null ? List.of() : leasedKeys(job.runId(), barriers);
        return answer(job.runId(), JedisErrors.call("retry job " + jid, () -> scripts.resume(job.runId(), source, false,
                set == JobSet.DEAD, entries, barriers, leased, config.limits().leaseSeconds())), "job " + jid);
    }

    @Override
    public ControlResult deleteJob(JobSet set, String jid) {
        String source = key(set);
        Optional<Found> found = find(source, jid);
        if (found.isEmpty()) {
            return new ControlResult(Outcome.NOT_FOUND, null, 0, "no job " + jid + " in " + set);
        }
        JobPayload job = found.get().payload;
        if (set != JobSet.DEAD && job.runId() != null) {
            return new ControlResult(Outcome.REFUSED, null, 0, "job " + jid + " belongs to run " + job.runId()
                    + ", which could never finish without it: cancel the run instead");
        }
        long removed = JedisErrors.call("delete job " + jid, () -> redis.zrem(source, found.get().entry));
        if (removed == 0) {
            return new ControlResult(Outcome.NOT_FOUND, null, 0, "job " + jid + " left " + set + " meanwhile");
        }
        return new ControlResult(Outcome.APPLIED, state(job.runId()), 1, "");
    }

    private ControlResult answer(String runId, List<String> reply, String what) {
        return switch (reply.get(0)) {
            case "ok" -> new ControlResult(Outcome.APPLIED, reply.get(3).isEmpty() ? null : RunState.valueOf(reply.get(3)),
                    Long.parseLong(reply.get(1)) + Long.parseLong(reply.get(2)) + unparked(runId, reply), "");
            case "missing" -> new ControlResult(Outcome.NOT_FOUND, null, 0, "no run " + runId);
            case "state" -> new ControlResult(Outcome.REFUSED, reply.get(1).isEmpty() ? null : RunState.valueOf(reply.get(1)),
                    0, "run " + runId + " is " + reply.get(1) + ": only a FAILED run can be retried");
            case "expired" -> new ControlResult(Outcome.REFUSED, state(runId), 0, what + " cannot be retried: "
                    + reply.get(1) + " expired (sideline.barrier.ttl), so its workflow could not continue");
            case "gone" -> new ControlResult(Outcome.NOT_FOUND, state(runId), 0, what + " was moved meanwhile");
            case "nothing" -> new ControlResult(Outcome.REFUSED, state(runId), 0, what + " has no dead or parked job "
                    + "left to retry (deleted, or trimmed from the dead set)");
            default -> throw new IllegalStateException("unexpected reply from resume.lua: " + reply);
        };
    }

    /** Enqueues a resumed run's parked jobs in bounded steps, when resume.lua left any (its reply's fifth part). */
    private long unparked(String runId, List<String> reply) {
        return reply.size() > 4 && !reply.get(4).equals("0") ? unpark.unpark(runId) : 0;
    }

    private RunState state(String runId) {
        if (runId == null) {
            return null;
        }
        String state = JedisErrors.call("read run " + runId, () -> redis.hget(keys.run(runId), "state"));
        return state == null ? null : RunState.valueOf(state);
    }

    /**
     * The keys of a run that a resume gives the lease back with its hash and barriers: its memory, key index and
     * graph, the member sets of the barriers its jobs report to, and the chains those barriers' continuations refer to
     * (read in one pipeline). The collector turned them all down to retention when the run failed.
     */
    private List<String> leasedKeys(String runId, Set<String> barrierIds) {
        List<String> leased = new ArrayList<>(List.of(keys.memory(runId), keys.runKeys(runId), keys.nodes(runId)));
        Map<String, Response<String>> continuations = new LinkedHashMap<>();
        JedisErrors.call("read the continuations of run " + runId, () -> {
            try (AbstractPipeline pipeline = redis.pipelined()) {
                barrierIds.forEach(id -> continuations.put(id, pipeline.hget(keys.barrier(id), "continuation")));
                pipeline.sync();
                return null;
            }
        });
        continuations.forEach((id, continuation) -> {
            leased.add(keys.barrierMembers(id));
            Matcher chain = CHAIN.matcher(String.valueOf(continuation.get()));
            if (chain.find()) {
                leased.add(keys.chain(chain.group(1)));
            }
        });
        return leased;
    }

    private Set<String> parkedBarriers(String runId) {
        Set<String> barriers = new LinkedHashSet<>();
        // read a page at a time: one LRANGE of 100,000 parked jobs would hold Redis as long as resume.lua used to
        for (long from = 0; ; from += ScriptBudget.MAX_ELEMENTS) {
            long start = from;
            List<String> page = JedisErrors.call("read the parked jobs of run " + runId,
                    () -> redis.lrange(keys.parked(runId), start, start + ScriptBudget.MAX_ELEMENTS - 1));
            page.forEach(parked -> decode(parked).ifPresent(p -> barriers.addAll(p.callbacks())));
            if (page.size() < ScriptBudget.MAX_ELEMENTS) {
                return barriers;
            }
        }
    }

    private List<String> members(String set) {
        return JedisErrors.call("read " + set, () -> redis.zrange(set, 0, -1));
    }

    private Optional<Found> find(String set, String jid) {
        for (String entry : members(set)) {
            if (entry.contains(jid)) {
                Optional<JobPayload> payload = decode(entry).filter(p -> jid.equals(p.jid()));
                if (payload.isPresent()) {
                    return Optional.of(new Found(entry, payload.get()));
                }
            }
        }
        return Optional.empty();
    }

    private Optional<JobPayload> decode(String entry) {
        try {
            return Optional.of(codec.decode(entry));
        } catch (MalformedPayloadException e) {
            return Optional.empty(); // an unreadable entry belongs to no run and has no jid to act on
        }
    }

    private String key(JobSet set) {
        return switch (set) {
            case DEAD -> keys.dead();
            case RETRY -> keys.retry();
            case SCHEDULED -> keys.schedule();
        };
    }

    private record Found(String entry, JobPayload payload) {
    }
}
