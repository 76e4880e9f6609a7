package io.sideline.ee.test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import redis.embedded.core.ExecutableProvider;

/**
 * The one Redis a test JVM shares, found on first use in this order: the URL in {@code SIDELINE_TEST_REDIS_URL};
 * else a {@code redis:7.0} container when Testcontainers is on the class path and Docker answers; else a private
 * {@code redis-server} from the PATH; else the redis-server binary bundled in embedded-redis (Redis 6.2). A server
 * started here is stopped by its pid when the JVM exits. Tests share it and keep apart by key prefix
 * ({@link SidelineRedis#fresh()}), never by flushing.
 */
public final class SharedRedis {

    /** The variable that names an existing Redis, e.g. {@code redis://127.0.0.1:6379}. */
    public static final String URL_VARIABLE = "SIDELINE_TEST_REDIS_URL";

    private static Located located;

    private record Located(String url, RedisSource source) {
    }

    private SharedRedis() {
    }

    public static String url() {
        return locate().url();
    }

    public static RedisSource source() {
        return locate().source();
    }

    private static synchronized Located locate() {
        if (located == null) {
            located = find();
        }
        return located;
    }

    private static Located find() {
        String explicit = System.getenv(URL_VARIABLE);
        if (explicit != null && !explicit.isBlank()) {
            return new Located(explicit.trim(), RedisSource.ENVIRONMENT);
        }
        Optional<String> container = containerIfDockerRuns();
        if (container.isPresent()) {
            return new Located(container.get(), RedisSource.TESTCONTAINERS);
        }
        Optional<Path> onPath = RedisServerProcess.findOnPath();
        if (onPath.isPresent()) {
            return new Located(startUntilExit(onPath.get()), RedisSource.REDIS_SERVER);
        }
        return new Located(startUntilExit(embeddedBinary()), RedisSource.EMBEDDED);
    }

    private static String startUntilExit(Path binary) {
        RedisServerProcess server = RedisServerProcess.start(binary);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "sideline-test-redis-stop"));
        return server.url();
    }

    /** Testcontainers is optional: without it on the class path, or without Docker, this is empty. */
    @SuppressWarnings("resource") // stopped by Testcontainers' reaper when the JVM exits
    private static Optional<String> containerIfDockerRuns() {
        try {
            if (!DockerClientFactory.instance().isDockerAvailable()) {
                return Optional.empty();
            }
            var redis = new GenericContainer<>("redis:7.0").withExposedPorts(6379);
            redis.start();
            return Optional.of("redis://" + redis.getHost() + ":" + redis.getMappedPort(6379));
        } catch (RuntimeException | LinkageError e) {
            return Optional.empty(); // no Testcontainers or no usable Docker: fall back to a local binary
        }
    }

    /** The bundled binary for this platform, extracted to a temporary file. */
    static Path embeddedBinary() {
        try {
            return ExecutableProvider.newJarResourceProvider().get().toPath();
        } catch (IOException e) {
            throw new IllegalStateException("no Redis for the tests: set " + URL_VARIABLE + ", install redis-server"
                    + " (Debian/Ubuntu: apt-get install -y redis-server), and the embedded redis-server could not be"
                    + " extracted: " + e.getMessage(), e);
        }
    }
}
