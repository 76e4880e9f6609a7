package io.sideline.benchmark.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Our Sidekiq peer ({@code shared/peers/sidekiq/bench.rb} with {@code jobs.rb}): each call runs one scenario
 * in a fresh {@code sidekiq -c 10} process, exactly as the peer measurements in
 * {@code shared/research/performance.md} did, against a database of our private Redis of its own.
 */
final class SidekiqPeer {

    /** The concurrency of the published anchors: Sidekiq does not get faster with more threads. */
    static final int CONCURRENCY = 10;
    private static final Duration SCENARIO_TIMEOUT = Duration.ofMinutes(6);

    private final Path dir;
    private final String redisUrl;
    private final Path output;

    private SidekiqPeer(Path dir, String redisUrl, Path workDir) {
        this.dir = dir;
        this.redisUrl = redisUrl;
        this.output = workDir.resolve("sidekiq-bench.out");
    }

    /** The peer, or the reason it cannot run here. */
    static Availability find(Path peersDir, String redisUrl, Path workDir) {
        Path dir = peersDir.resolve("sidekiq");
        if (!Files.isRegularFile(dir.resolve("bench.rb")) || !Files.isRegularFile(dir.resolve("jobs.rb"))) {
            return new Availability(Optional.empty(), "no peer scripts at " + dir);
        }
        Optional<String> problem = check(dir, "ruby", "-e", "require 'sidekiq'; print Sidekiq::VERSION")
                .or(() -> check(dir, "sidekiq", "-V"));
        if (problem.isPresent()) {
            return new Availability(Optional.empty(), problem.get()
                    + " (apt-get install -y ruby ruby-sidekiq brings Ruby and Sidekiq)");
        }
        return new Availability(Optional.of(new SidekiqPeer(dir, redisUrl, workDir)), "");
    }

    record Availability(Optional<SidekiqPeer> peer, String reason) {
    }

    /** The Sidekiq version, for the report. */
    String version() {
        return run(Duration.ofSeconds(60), "ruby", "-e", "require 'sidekiq'; print Sidekiq::VERSION").trim();
    }

    /**
     * One repetition of a bench.rb scenario ({@code e2e}, {@code wf} or {@code group}); its CSV row:
     * peer,scenario,concurrency,rep,units,count,seconds,units_per_s,steps_per_s.
     */
    Row scenario(String scenario, int rep, int n, int w) {
        String out = run(SCENARIO_TIMEOUT, "ruby", "bench.rb", "--no-header", "--reps", "1", "--rep-label",
                Integer.toString(rep), "--conc", Integer.toString(CONCURRENCY), "--n", Integer.toString(n),
                "--w", Integer.toString(w), "--scenarios", scenario);
        for (String line : out.split("\n")) {
            String[] cols = line.trim().split(",");
            if (cols.length >= 9 && cols[0].equals("sidekiq") && !cols[1].startsWith("enqueue")) {
                return new Row(cols[1], Long.parseLong(cols[5]), Double.parseDouble(cols[6]),
                        Double.parseDouble(cols[7]), Double.parseDouble(cols[8]));
            }
        }
        throw new IllegalStateException("bench.rb printed no result row for " + scenario + ":\n" + out);
    }

    record Row(String scenario, long units, double seconds, double unitsPerS, double stepsPerS) {
    }

    private String run(Duration timeout, String... command) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().put("REDIS_URL", redisUrl);
            Process process = builder.start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " timed out after " + timeout);
            }
            String out = Files.readString(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue()
                        + ":\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Optional<String> check(Path dir, String... command) {
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.of("'" + String.join(" ", command) + "' did not answer");
            }
            return process.exitValue() == 0 ? Optional.empty()
                    : Optional.of("'" + String.join(" ", command) + "' failed (exit " + process.exitValue() + ")");
        } catch (IOException e) {
            return Optional.of("'" + command[0] + "' is not on the PATH");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }
}
