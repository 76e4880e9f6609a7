package io.sideline.ee.test.liberty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * An Open Liberty server handled as an operator handles it, through {@code wlp/bin/server} (no Liberty API on the
 * class path): {@code start}, {@code stop}, {@code status}, its pid file, {@code kill -9}, its {@code server.env}
 * and its logs. Every command has a deadline that holds: its output goes to a file, not a pipe the test would
 * have to drain first, and a command still running at the deadline is destroyed with its child processes.
 */
public final class LibertyServer {

    /** A start on a busy CI machine takes a minute or two; this is the default deadline of a command. */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMinutes(3);

    private static final Pattern PID = Pattern.compile("process ID (\\d+)");

    private final Path wlp;
    private final String name;
    private final Duration commandTimeout;

    /**
     * @param wlp            the Liberty install ({@code wlp}, holding {@code bin/server})
     * @param name           the server's name under {@code usr/servers}
     * @param commandTimeout how long one {@code bin/server} command may take
     */
    public LibertyServer(Path wlp, String name, Duration commandTimeout) {
        this.wlp = wlp;
        this.name = name;
        this.commandTimeout = commandTimeout;
    }

    /** A server with the {@link #DEFAULT_COMMAND_TIMEOUT}. */
    public LibertyServer(Path wlp, String name) {
        this(wlp, name, DEFAULT_COMMAND_TIMEOUT);
    }

    public String name() {
        return name;
    }

    /** The server's directory, {@code usr/servers/<name>}. */
    public Path dir() {
        return wlp.resolve("usr/servers/" + name);
    }

    /** The server's {@code server.env}: environment variables the server script exports at each start. */
    public Path serverEnv() {
        return dir().resolve("server.env");
    }

    /** {@code bin/server start} with these extra environment variables; fails unless Liberty reports it started. */
    public void start(Map<String, String> environment) {
        String output = command("start", environment);
        if (!output.contains("started")) {
            throw new IllegalStateException("server " + name + " did not start: " + output);
        }
    }

    public void start() {
        start(Map.of());
    }

    /** {@code bin/server stop}: a graceful stop; a server that is not running stays so. */
    public void stop() {
        String output = command("stop", Map.of());
        if (!output.contains("stopped") && !output.contains("not running")) {
            throw new IllegalStateException("server " + name + " did not stop: " + output);
        }
    }

    /** {@code bin/server stop} in the background, for a test that acts while the server drains. */
    public Process stopInBackground() {
        try {
            return builder("stop", Map.of()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server JVM's pid, from {@code server status} ("... is running with process ID 1234."). */
    public long pid() {
        String status = command("status", Map.of());
        Matcher pid = PID.matcher(status);
        if (!pid.find()) {
            throw new IllegalStateException("server " + name + " is not running: " + status);
        }
        return Long.parseLong(pid.group(1));
    }

    /** The pid in Liberty's pid file, whether that JVM still runs or not; empty without a readable pid file. */
    public Optional<Long> pidFromFile() {
        try {
            Path file = wlp.resolve("usr/servers/.pid/" + name + ".pid");
            return Files.exists(file) ? Optional.of(Long.parseLong(Files.readString(file).trim())) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** SIGKILL to the server JVM: no shutdown hook, no graceful stop. Returns once it is gone. */
    public void kill9() {
        ProcessHandle jvm = ProcessHandle.of(pid()).orElseThrow();
        jvm.destroyForcibly();
        jvm.onExit().orTimeout(commandTimeout.toSeconds(), TimeUnit.SECONDS).join();
    }

    /** The current {@code messages.log}. */
    public String messagesLog() {
        try {
            return Files.readString(dir().resolve("logs/messages.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every messages log of the server, oldest first (Liberty renames the previous one at each start). */
    public String logs() {
        try (Stream<Path> files = Files.list(dir().resolve("logs"))) {
            StringBuilder all = new StringBuilder();
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("messages")).sorted().toList()) {
                all.append(Files.readString(file, StandardCharsets.UTF_8));
            }
            return all.toString();
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Runs {@code bin/server <action> <name>} and returns its output. The output goes to a temporary file so that
     * the deadline is enforced by {@code waitFor}; at the deadline the command and its children are destroyed.
     */
    public String command(String action, Map<String, String> environment) {
        Path output = null;
        try {
            output = Files.createTempFile("liberty-" + action + "-", ".out");
            Process process = builder(action, environment).redirectOutput(output.toFile()).start();
            if (!process.waitFor(commandTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                destroyTree(process);
                throw new IllegalStateException("server " + action + " " + name + " timed out after "
                        + commandTimeout + ": " + Files.readString(output, StandardCharsets.UTF_8));
            }
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (output != null) {
                output.toFile().delete();
            }
        }
    }

    private ProcessBuilder builder(String action, Map<String, String> environment) {
        ProcessBuilder builder = new ProcessBuilder(wlp.resolve("bin/server").toString(), action, name)
                .redirectErrorStream(true);
        // the JDK this test runs on, as the liberty-maven-plugin uses Maven's
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(environment);
        return builder;
    }

    /** The script's children first (a JVM it forked), then the script itself. */
    private static void destroyTree(Process process) throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public String toString() {
        return name;
    }
}
