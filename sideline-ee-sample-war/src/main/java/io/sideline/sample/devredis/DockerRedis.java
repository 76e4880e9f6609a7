package io.sideline.sample.devredis;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A Redis container, when Docker is available. Not recorded for reuse: Testcontainers' Ryuk removes the
 * container when the JVM that started it ends, even by {@code kill -9}. Set
 * {@code -Dsideline.sample.dev-redis.docker=false} (or SIDELINE_SAMPLE_DEV_REDIS_DOCKER=false) to skip it.
 */
final class DockerRedis {

    private static final Logger LOG = Logger.getLogger(DockerRedis.class.getName());
    private static final DockerImageName IMAGE = DockerImageName.parse("redis:7-alpine");
    private static final int REDIS_PORT = 6379;

    private DockerRedis() {
    }

    /** A running container: where it listens, and how to remove it. */
    record Started(String url, Runnable stop) {
    }

    /** The started container, or empty when Docker is not to be used, not available, or failed. */
    static Optional<Started> startIfAvailable() {
        if (!enabled()) {
            return Optional.empty();
        }
        try {
            if (!DockerClientFactory.instance().isDockerAvailable()) {
                return Optional.empty();
            }
            GenericContainer<?> redis = new GenericContainer<>(IMAGE)
                    .withExposedPorts(REDIS_PORT)
                    .withCommand("redis-server", "--save", "", "--appendonly", "no");
            redis.start();
            return Optional.of(new Started("redis://" + redis.getHost() + ":" + redis.getMappedPort(REDIS_PORT), redis::stop));
        } catch (Throwable dockerTrouble) {
            // Docker is only the first choice: any trouble there (even a class that would not load) falls back
            LOG.log(Level.WARNING, "sideline sample: Docker not usable, falling back to a redis-server", dockerTrouble);
            return Optional.empty();
        }
    }

    private static boolean enabled() {
        String setting = System.getProperty("sideline.sample.dev-redis.docker",
                System.getenv().getOrDefault("SIDELINE_SAMPLE_DEV_REDIS_DOCKER", "true"));
        return !"false".equalsIgnoreCase(setting.trim());
    }
}
