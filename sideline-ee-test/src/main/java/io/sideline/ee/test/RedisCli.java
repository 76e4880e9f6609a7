package io.sideline.ee.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * Runs Debian's {@code redis-cli} (the one next to the {@code redis-server} binary, else the PATH's) for the
 * cluster and Sentinel harnesses: {@code --cluster create} has no equivalent in a client library, and the
 * readiness checks then need no client library in the kit.
 */
final class RedisCli {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final long POLL_NANOS = Duration.ofMillis(50).toNanos();

    private final Path cli;

    private RedisCli(Path cli) {
        this.cli = cli;
    }

    /** The redis-cli that belongs to {@code server}. */
    static RedisCli besides(Path server) {
        Path sibling = server.resolveSibling("redis-cli");
        return new RedisCli(Files.isExecutable(sibling) ? sibling : Path.of("redis-cli"));
    }

    /** The reply of one command to the server on {@code port}, as redis-cli prints it; "" when it cannot connect. */
    String ask(int port, String... command) {
        List<String> args = new ArrayList<>(List.of("-h", "127.0.0.1", "-p", Integer.toString(port)));
        args.addAll(List.of(command));
        return run(args).output();
    }

    /** Runs redis-cli with these arguments; fails with its output unless it exits with 0. */
    String require(String... args) {
        Result result = run(List.of(args));
        if (result.exit() != 0) {
            throw new IllegalStateException("redis-cli " + String.join(" ", args) + " exited with " + result.exit()
                    + ":\n" + result.output());
        }
        return result.output();
    }

    /** Asks until the reply satisfies {@code ready}; fails after {@code timeout} naming {@code what}. */
    String await(String what, Duration timeout, Predicate<String> ready, int port, String... command) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = ask(port, command);
            if (ready.test(last)) {
                return last;
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        throw new IllegalStateException("not " + what + " within " + timeout + "; last reply of port " + port
                + " to " + String.join(" ", command) + ":\n" + last);
    }

    private record Result(int exit, String output) {
    }

    private Result run(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(cli.toString());
        command.addAll(args);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("redis-cli " + String.join(" ", args) + " did not finish");
            }
            return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + cli + " (Debian/Ubuntu: apt-get install -y redis-tools)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running redis-cli", e);
        }
    }
}
