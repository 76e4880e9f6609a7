package io.sideline.chaos.it;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The campaign's parameters: where things are (system properties set by the POM) and how big it is. The reduced
 * campaign runs in the default build (a few kills, every crash point, every bad input); the full one with -Pchaos.
 */
record Settings(boolean full, long seed, int portA, int portB, int redisPort, Path wlp, Path workDir, Path output) {

    static Settings fromSystemProperties() {
        String seed = System.getProperty("chaos.seed", "");
        return new Settings(
                "full".equals(System.getProperty("chaos.mode", "reduced")),
                seed.isBlank() ? System.currentTimeMillis() : Long.parseLong(seed.trim()),
                Integer.getInteger("chaos.port.a", 19181),
                Integer.getInteger("chaos.port.b", 19182),
                Integer.getInteger("chaos.port.redis", 19183),
                Path.of(System.getProperty("chaos.wlp.dir", "target/liberty/wlp")),
                Path.of(System.getProperty("chaos.work.dir", "target/chaos")),
                Path.of(System.getProperty("chaos.output", "target/chaos.json")));
    }

    String mode() {
        return full ? "full" : "reduced";
    }

    /** Scenario 1: random workflows submitted while servers are killed. */
    int randomRuns() {
        return full ? 520 : 40;
    }

    int randomKills() {
        return full ? 32 : 2;
    }

    /** Scenario 2: every crash point at every step position (full), or every point at one position (reduced). */
    boolean allPositions() {
        return full;
    }

    /**
     * Crash cells run one at a time (full: the surviving server's reaper recovers every halt) or two at a time
     * (reduced: both servers may be down at once and recover by their own restart, in half the time).
     */
    int cellsAtOnce() {
        return full ? 1 : 2;
    }

    /** The poison pill takes four halts and their restarts: full campaign only. */
    boolean poisonPill() {
        return full;
    }

    /** Healthy runs alongside the poison pill. */
    int healthyRunsBesidePoison() {
        return full ? 40 : 12;
    }

    /** How long runs may take to finish once the last fault is over. Generous: the CPU is shared. */
    Duration settleTimeout() {
        return Duration.ofSeconds(full ? 300 : 180);
    }

    /** How long a Liberty server may take to start (a loaded 2-core machine has taken ~60 s). */
    Duration startTimeout() {
        return Duration.ofSeconds(180);
    }
}
