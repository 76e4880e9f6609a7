package io.sideline.ee.redis;

import java.util.Objects;

/**
 * Builds every Redis key sideline-ee uses: under one prefix (default {@code sideline:}), the run memory under
 * its own ({@code sideline.memory.key-prefix}, default {@code sl:mem}). The Lua scripts build no key names: every
 * key a script touches is built here and passed in its {@code KEYS} (see {@link RedisScripts}); the layout is the
 * README's keyspace table.
 *
 * <p>A builder may carry a hash tag ({@link #tagged}): every key it builds then holds {@code {tag}} right after the
 * prefix, so that they all hash to one Redis Cluster slot (e.g. a run id as the tag puts a run's keys in one
 * slot). Without a tag the names are exactly those of the README (a Sidekiq client enqueues to
 * {@code sideline:queue:<name>}, the dead set is {@code sideline:dead}); production uses no tag today.
 *
 * @param prefix       the prefix of every key but the memory's
 * @param memoryPrefix the prefix of run-memory hashes ({@code <memoryPrefix>:<runId>})
 * @param tag          the hash tag, or null for none
 */
public record RedisKeys(String prefix, String memoryPrefix, String tag) {

    /** The memory prefix when none is configured, as {@code sideline.memory.key-prefix}'s default. */
    static final String DEFAULT_MEMORY_PREFIX = "sl:mem";

    public RedisKeys {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(memoryPrefix, "memoryPrefix");
        if (tag != null && (tag.isEmpty() || tag.contains("{") || tag.contains("}"))) {
            throw new IllegalArgumentException("a hash tag is not empty and holds no braces: " + tag);
        }
    }

    /** Keys under {@code prefix}, the default memory prefix and no hash tag. */
    public RedisKeys(String prefix) {
        this(prefix, DEFAULT_MEMORY_PREFIX, null);
    }

    /** The same keys, each carrying the hash tag {@code {tag}} (one Redis Cluster slot for all of them). */
    public RedisKeys tagged(String hashTag) {
        return new RedisKeys(prefix, memoryPrefix, hashTag);
    }

    private String key(String rest) {
        return tag == null ? prefix + rest : prefix + "{" + tag + "}:" + rest;
    }

    public String queue(String name) {
        return key("queue:" + name);
    }

    public String queues() {
        return key("queues");
    }

    public String schedule() {
        return key("schedule");
    }

    public String retry() {
        return key("retry");
    }

    public String dead() {
        return key("dead");
    }

    public String barrier(String id) {
        return key("barrier:" + id);
    }

    public String barrierMembers(String id) {
        return barrier(id) + ":members";
    }

    /** The span ids of the jobs that counted into a barrier through a group, tracing on only (see RedisTraceLinks). */
    public String barrierSpans(String id) {
        return barrier(id) + ":spans";
    }

    public String run(String runId) {
        return key("run:" + runId);
    }

    /** The stored steps of a chain after its first (a list), see {@code Plan.ChainSpec}. */
    public String chain(String chainId) {
        return key("chain:" + chainId);
    }

    /**
     * A run's key index: the barriers ({@code b:<id>} of a group, {@code o:<id>} of one) and chains ({@code c:<id>}) it
     * created, for the collector.
     */
    public String runKeys(String runId) {
        return key("runkeys:" + runId);
    }

    /** Finished runs scored by when they finished: the collector turns their keys' TTLs down to retention. */
    public String collector() {
        return key("gc");
    }

    /** Announced run ends ({@code '<generation> <state> <runId>'}), pushed by the script that ends a run (_ends.lua). */
    public String finished() {
        return key("finished");
    }

    /** The run ends a server's end loop took and has not yet acknowledged (a reaper hands a dead one's back). */
    public String finishing(String workerId) {
        return key("finishing:" + workerId);
    }

    /** Running runs scored by their last progress, for the stall detector. */
    public String running() {
        return key("running");
    }

    /**
     * The index of every run that releases before 2026-12-05 wrote (scored by start, ms); nothing writes or reads it
     * now (the list of all runs merges {@link #runsIndex(String)}), and {@link OldRunsIndex} empties it.
     */
    public String runsIndex() {
        return key("runs");
    }

    /** The runs in one state (RUNNING, SUCCEEDED, FAILED, ...), scored by their start (ms). */
    public String runsIndex(String state) {
        return key("runs:" + state);
    }

    /**
     * A run's graph (a hash): {@code graph} the workflow tree stored at launch, {@code <n>} the state and jid of job
     * node n ({@code <state>:<jid>}), {@code j:<jid>} the node of a planned jid (see {@code note_node}).
     */
    public String nodes(String runId) {
        return key("nodes:" + runId);
    }

    /** The names of the paused queues (a set): their jobs are not fetched (see {@code SidelineAdmin#pause}). */
    public String paused() {
        return key("paused");
    }

    /** Jobs processed and failed, all time (a hash: processed, failed), flushed with the heartbeats. */
    public String stats() {
        return key("stats");
    }

    /** Jobs processed and failed per minute of one hour (a hash: {@code <minute ms>:p}, {@code <minute ms>:f}). */
    public String statsHour(long hourStartMs) {
        return key("stats:" + hourStartMs);
    }

    public String inProgress(String workerId) {
        return key("inprogress:" + workerId);
    }

    public String process(String workerId) {
        return key("process:" + workerId);
    }

    public String processes() {
        return key("processes");
    }

    /**
     * The workers (of {@link #processes}) whose release completes a one-job run that keeps its root in its hash (since
     * 2026-12-05 session 14): a launch keeps it there only when every known worker is in this set.
     */
    public String rootsInHash() {
        return key("processes:roots-in-hash");
    }

    /**
     * The workers (of {@link #processes}) whose release reads a long text written in parts ({@code @text:} references,
     * since 2026-12-05 session 15): launches and releases write such references only when every known worker is in it.
     */
    public String textsInParts() {
        return key("processes:texts-in-parts");
    }

    /** How often a job lost its worker (poison-pill detection). */
    public String lost(String jid) {
        return key("lost:" + jid);
    }

    /** Since when a dead worker's in-progress list has been found empty (ms), see reap.lua. */
    public String deadSince(String workerId) {
        return key("dead-since:" + workerId);
    }

    /** A caller's idempotency key: the run id (or jid) it started and its workflow's digest (see launch.lua). */
    public String idempotency(String key) {
        return key("idem:" + key);
    }

    /** A staged plan (a hash: state, token, chunks, ...), see {@code stage.lua}. */
    public String stage(String stageId) {
        return key("stage:" + stageId);
    }

    /** The jobs of a staged plan not enqueued yet (a list), see {@code drain.lua}. */
    public String stageJobs(String stageId) {
        return key("stage:" + stageId + ":jobs");
    }

    /** Staged plans by their last activity (ms), for the recovery of stages whose stager died. */
    public String staged() {
        return key("staged");
    }

    /** The jobs of a halted run (cancelled, or failed fast) that never started, for a retry (a list). */
    public String parked(String runId) {
        return key("parked:" + runId);
    }

    /**
     * Retried runs whose parked jobs are being enqueued again in steps (run id scored by the retry, ms): resume.lua
     * enters a run, unpark.lua removes it with its last parked job; a sweep loop finishes what a crash interrupted.
     */
    public String unparking() {
        return key("unparking");
    }

    /**
     * On a cluster, the shard counts ever configured under this prefix (a set, in shard 0): every server walks the
     * shards of the highest one, so lowering {@code sideline.redis.shards} strands no run (see {@code Shards.inUse}).
     */
    public String shardsInUse() {
        return key("shards");
    }

    /** The fleet's gauge-reporter lease: the token of the one server that reports the gauges (see gauge_lease.lua). */
    public String gaugeReporter() {
        return key("gauges:reporter");
    }

    /** A run's memory hash. */
    public String memory(String runId) {
        return tag == null ? memoryPrefix + ":" + runId : memoryPrefix + ":{" + tag + "}:" + runId;
    }
}
