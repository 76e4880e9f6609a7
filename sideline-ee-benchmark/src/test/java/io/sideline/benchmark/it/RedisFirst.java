package io.sideline.benchmark.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Puts a Redis first in line for a core ({@code chrt -a -f -p 50}: real-time FIFO, every thread of it) and back
 * ({@code chrt -a -o -p 0}). SLOWLOG is wall time: on this 2-core box a script of 60 µs was logged at 9 ms when the
 * server's threads took Redis's core from it mid-call (2026-12-05). With Redis first, the log shows how long our own
 * calls hold Redis, as on a Redis with a core of its own; the hypervisor's pauses remain in it.
 */
final class RedisFirst {

    private RedisFirst() {
    }

    /** Makes the process real-time; the reason when it could not (no {@code chrt}, not allowed). */
    static Optional<String> on(long pid) {
        return chrt(pid, "-f", "50");
    }

    /** Back to the normal policy. */
    static Optional<String> off(long pid) {
        return chrt(pid, "-o", "0");
    }

    private static Optional<String> chrt(long pid, String policy, String priority) {
        try {
            Process chrt = new ProcessBuilder("chrt", "-a", policy, "-p", priority, Long.toString(pid))
                    .redirectErrorStream(true).start();
            String output = new String(chrt.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!chrt.waitFor(30, TimeUnit.SECONDS)) {
                chrt.destroyForcibly();
                return Optional.of("chrt did not answer within 30 s");
            }
            return chrt.exitValue() == 0 ? Optional.empty()
                    : Optional.of("chrt " + policy + " exited " + chrt.exitValue() + ": " + output);
        } catch (IOException e) {
            return Optional.of("chrt could not run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }
}
