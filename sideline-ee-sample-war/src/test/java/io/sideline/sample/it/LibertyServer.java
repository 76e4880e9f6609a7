package io.sideline.sample.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Liberty server the REST ITs run against, as an operator handles it: {@code bin/server status},
 * {@code kill -9}, {@code bin/server stop}, {@code bin/server start}, its {@code server.env}. Its install and
 * name come from the system properties {@code sample.wlp.dir} and {@code sample.server.name}, set by the POM.
 */
final class LibertyServer {

    private static final Pattern PID = Pattern.compile("process ID (\\d+)");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);

    private final Path wlp;
    private final String name;

    private LibertyServer(Path wlp, String name) {
        this.wlp = wlp;
        this.name = name;
    }

    static LibertyServer fromSystemProperties() {
        return new LibertyServer(Path.of(System.getProperty("sample.wlp.dir")), System.getProperty("sample.server.name"));
    }

    /** The server JVM's pid, from {@code server status} ("... is running with process ID 1234."). */
    long pid() {
        String status = server("status");
        Matcher pid = PID.matcher(status);
        if (!pid.find()) {
            throw new IllegalStateException("server " + name + " is not running: " + status);
        }
        return Long.parseLong(pid.group(1));
    }

    /** SIGKILL: no shutdown hook, no graceful stop; jobs in flight stay unacknowledged in Redis. */
    void kill9() {
        ProcessHandle jvm = ProcessHandle.of(pid()).orElseThrow();
        jvm.destroyForcibly();
        jvm.onExit().orTimeout(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    }

    /** Starts the server again in the background, as {@code liberty:test-start} did; test-stop stops it. */
    void start() {
        String output = server("start");
        if (!output.contains("started")) {
            throw new IllegalStateException("server " + name + " did not start: " + output);
        }
    }

    /** Stops the server normally ({@code bin/server stop}); a server that is not running stays so. */
    void stop() {
        String output = server("stop");
        if (!output.contains("stopped") && !output.contains("not running")) {
            throw new IllegalStateException("server " + name + " did not stop: " + output);
        }
    }

    /** The server's {@code server.env}: environment variables the server script exports at each start. */
    Path serverEnv() {
        return wlp.resolve("usr/servers/" + name + "/server.env");
    }

    String messagesLog() {
        try {
            return Files.readString(wlp.resolve("usr/servers/" + name + "/logs/messages.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String server(String action) {
        try {
            ProcessBuilder builder = new ProcessBuilder(wlp.resolve("bin/server").toString(), action, name)
                    .redirectErrorStream(true);
            // the JDK this test runs on, like the liberty-maven-plugin uses Maven's
            builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("server " + action + " " + name + " timed out: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
