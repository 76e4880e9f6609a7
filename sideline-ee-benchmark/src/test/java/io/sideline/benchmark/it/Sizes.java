package io.sideline.benchmark.it;

import java.util.List;

/**
 * How big each scenario is. {@code full} (-Pbenchmark) has the sizes of the contract; {@code smoke} (the default
 * build) runs every scenario tiny and once, without the Sidekiq peer, so the benchmark cannot rot unnoticed.
 * System properties: {@code benchmark.reps} (full mode, default 3), {@code benchmark.sidekiq=false} (no peer),
 * {@code benchmark.enqueue.threads} (threads calling {@code workflows.run}, default 8),
 * {@code benchmark.warmup.passes} (full mode: passes of every compared scenario before the repetitions, default 4),
 * {@code benchmark.noop.jobs} and {@code benchmark.workflows} (full mode: the jobs of the three no-op scenarios, default
 * 20,000, and the runs of wf14 and group11, default 1,000; larger for longer measurement windows, as in
 * {@code pair.sh}'s long form: at the default sizes a wf14 window lasts about a second).
 */
record Sizes(String mode, int reps, int warmupPasses, boolean sidekiq, boolean monitorPass, int enqueueThreads,
             int noopJobs, int workflows, int latencyChains, int latencySteps, int delayedJobs, long delayMinMs,
             long delaySpreadMs, List<Integer> payloadGroups, int payloadChain, int bigGroup) {

    static Sizes fromSystemProperties() {
        String mode = System.getProperty("benchmark.mode", "smoke");
        int reps = Integer.getInteger("benchmark.reps", 3);
        boolean sidekiq = Boolean.parseBoolean(System.getProperty("benchmark.sidekiq", "true"));
        int threads = Integer.getInteger("benchmark.enqueue.threads", 8);
        int passes = Integer.getInteger("benchmark.warmup.passes", 4);
        int noopJobs = Integer.getInteger("benchmark.noop.jobs", 20_000);
        int workflows = Integer.getInteger("benchmark.workflows", 1_000);
        return switch (mode) {
            case "full" -> new Sizes("full", reps, passes, sidekiq, true, threads,
                    noopJobs, workflows, 10, 100, 1_000, 200, 1_000, List.of(1_000, 10_000), 10, 100_000);
            case "smoke" -> new Sizes("smoke", 1, 0, false, true, 4,
                    200, 10, 2, 10, 20, 50, 100, List.of(100, 1_000), 10, 2_000);
            default -> throw new IllegalArgumentException("benchmark.mode must be full or smoke, was " + mode);
        };
    }

    boolean warmup() {
        return warmupPasses > 0;
    }

    boolean full() {
        return mode.equals("full");
    }
}
