package io.sideline.ee.redis;

import io.sideline.ee.codec.RunGraphs;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A run's graph: the tree stored at launch ({@code P nodes:<runId>} field {@code graph}; a one-job run's in its own
 * hash, see {@link OneJobNode}) with each job node's state and jid from the same hash, read in pipelined HMGETs of {@link #NODES_PER_HMGET} nodes (one key, however big the
 * run: a group of 10,000 jobs is 10 HMGETs in one round trip, not 10,000 keys). Whether a queued node is running is
 * read from the workers' in-progress lists (one LRANGE per live worker), since a fetch ({@code BLMOVE}) can note nothing.
 * A dead or retrying node carries the last error its failure recorded beside it (see {@link #errors}).
 */
final class RedisRunGraph {

    /** Node fields read per HMGET. */
    static final int NODES_PER_HMGET = 1_000;

    private final UnifiedJedis redis;
    private final RedisKeys keys;

    RedisRunGraph(UnifiedJedis redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    Optional<String> graph(String runId) {
        String key = keys.nodes(runId);
        // a one-job run's graph is its own hash's (since 2026-12-05 session 11): its tree, node 0 and error there
        List<String> run = JedisErrors.call("read the state of run " + runId,
                () -> redis.hmget(keys.run(runId), "state", "graph", "0"));
        String stored = run.get(1) != null ? run.get(1)
                : JedisErrors.call("read the graph of run " + runId, () -> redis.hget(key, "graph"));
        if (stored == null) {
            return Optional.empty();
        }
        String tree = stored.startsWith("@") ? joinParts(runId, key, Integer.parseInt(stored.substring(1))) : stored;
        int count = RunGraphs.jobNodes(tree);
        List<String> states = JedisErrors.call("read the nodes of run " + runId, () -> {
            try (AbstractPipeline pipeline = redis.pipelined()) {
                List<Response<List<String>>> pages = new ArrayList<>();
                for (int from = 0; from < count; from += NODES_PER_HMGET) {
                    String[] fields = new String[Math.min(NODES_PER_HMGET, count - from)];
                    for (int i = 0; i < fields.length; i++) {
                        fields[i] = Integer.toString(from + i);
                    }
                    pages.add(pipeline.hmget(key, fields));
                }
                pipeline.sync();
                List<String> all = new ArrayList<>(count);
                pages.forEach(page -> all.addAll(page.get()));
                return all;
            }
        });
        Map<String, String> errors = errors(key, states);
        if (run.get(2) != null && !states.isEmpty()) {
            // a one-job run: an older server may have written its node into P nodes:<runId> too (a rolling upgrade)
            String node = OneJobNode.newer(run.get(0), run.get(2), states.get(0));
            states.set(0, node);
            errors = oneJobError(runId, node, node.equals(run.get(2)), errors);
        }
        boolean cancelled = "CANCELLED".equals(run.get(0));
        return Optional.of(RunGraphs.withStates(tree, states, running(), cancelled, errors));
    }

    /**
     * The last error of a one-job run's failing node, from the place its state came from ({@code fromRun}: the run's
     * hash, where this release's fail.lua writes it; else {@code P nodes:<runId>}, {@code graphErrors}), else the other.
     */
    private Map<String, String> oneJobError(String runId, String node, boolean fromRun, Map<String, String> graphErrors) {
        if (!RunGraphs.failing(node)) {
            return graphErrors;
        }
        String jid = node.substring(node.indexOf(':') + 1);
        if (!fromRun && graphErrors.containsKey(jid)) {
            return graphErrors;
        }
        String own = JedisErrors.call("read the node error of run " + runId, () -> redis.hget(keys.run(runId), "e:" + jid));
        return own == null ? graphErrors : Map.of(jid, own);
    }

    /** A big run's tree, stored in parts beside its first stage chunk ({@code @n}: fields graph:1..n; see StagedPlans). */
    private String joinParts(String runId, String key, int parts) {
        String[] fields = new String[parts];
        for (int i = 0; i < parts; i++) {
            fields[i] = StagedPlans.GRAPH_PART + (i + 1);
        }
        List<String> values = JedisErrors.call("read the graph of run " + runId, () -> redis.hmget(key, fields));
        StringBuilder tree = new StringBuilder();
        for (String part : values) {
            if (part == null) {
                throw new IllegalStateException("the graph of run " + runId + " lacks a part of its " + parts);
            }
            tree.append(part);
        }
        return tree.toString();
    }

    /**
     * The last errors of the dead and retrying nodes, by jid, as fail.lua records them beside the node ({@code e:<jid>}):
     * one round trip (HMGETs of {@link #NODES_PER_HMGET}), none for a graph without a failing node. A node without one (failed under an older release) is
     * absent: the dashboard looks for its error in the dead and retry sets.
     */
    private Map<String, String> errors(String key, List<String> states) {
        List<String> jids = new ArrayList<>();
        states.stream().filter(RunGraphs::failing).forEach(s -> jids.add(s.substring(s.indexOf(':') + 1)));
        if (jids.isEmpty()) {
            return Map.of();
        }
        List<String> stored = JedisErrors.call("read the node errors of a graph", () -> {
            try (AbstractPipeline pipeline = redis.pipelined()) {
                List<Response<List<String>>> pages = new ArrayList<>();
                for (int from = 0; from < jids.size(); from += NODES_PER_HMGET) {
                    pages.add(pipeline.hmget(key, jids.subList(from, Math.min(jids.size(), from + NODES_PER_HMGET))
                            .stream().map(jid -> "e:" + jid).toArray(String[]::new)));
                }
                pipeline.sync();
                List<String> all = new ArrayList<>(jids.size());
                pages.forEach(page -> all.addAll(page.get()));
                return all;
            }
        });
        Map<String, String> errors = new HashMap<>();
        for (int i = 0; i < jids.size(); i++) {
            if (stored.get(i) != null) {
                errors.put(jids.get(i), stored.get(i));
            }
        }
        return errors;
    }

    /** The jids in the in-progress lists of the workers known now. */
    private Set<String> running() {
        Set<String> workers = JedisErrors.call("list workers", () -> redis.smembers(keys.processes()));
        Map<String, Response<List<String>>> lists = new HashMap<>();
        JedisErrors.call("read the jobs in progress", () -> {
            try (AbstractPipeline pipeline = redis.pipelined()) {
                workers.forEach(w -> lists.put(w, pipeline.lrange(keys.inProgress(w), 0, -1)));
                pipeline.sync();
                return null;
            }
        });
        Set<String> jids = new HashSet<>();
        lists.values().forEach(list -> list.get().forEach(payload -> RunGraphs.jidOf(payload).ifPresent(jids::add)));
        return jids;
    }
}
