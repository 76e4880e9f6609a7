package io.sideline.ee.redis;

/**
 * Builds every Redis key sideline-ee uses, under one prefix (default {@code sideline:}). The Lua scripts
 * build the same keys from the prefix; the layout is documented in {@code _common.lua} and the README.
 */
public record RedisKeys(String prefix) {

    public String queue(String name) {
        return prefix + "queue:" + name;
    }

    public String queues() {
        return prefix + "queues";
    }

    public String schedule() {
        return prefix + "schedule";
    }

    public String retry() {
        return prefix + "retry";
    }

    public String dead() {
        return prefix + "dead";
    }

    public String barrier(String id) {
        return prefix + "barrier:" + id;
    }

    public String barrierMembers(String id) {
        return barrier(id) + ":members";
    }

    public String run(String runId) {
        return prefix + "run:" + runId;
    }

    /** Running runs scored by their last progress, for the stall detector. */
    /** The stored steps of a chain after its first (a list), see {@code Plan.ChainSpec}. */
    public String chain(String chainId) {
        return prefix + "chain:" + chainId;
    }

    public String running() {
        return prefix + "running";
    }

    public String inProgress(String workerId) {
        return prefix + "inprogress:" + workerId;
    }

    public String process(String workerId) {
        return prefix + "process:" + workerId;
    }

    public String processes() {
        return prefix + "processes";
    }
}
