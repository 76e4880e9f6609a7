package io.sideline.sample.devredis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Finds or starts the sample's development Redis, once per application. In order:
 * <ol>
 *   <li>the Redis recorded in the state file, if it still answers as the same server: after a
 *       {@code kill -9} of Liberty the restarted server finds the queues and barriers of the runs in flight;</li>
 *   <li>a Docker container through Testcontainers, when Docker is available;</li>
 *   <li>{@code redis-server} from the PATH;</li>
 *   <li>the {@code redis-server} binary bundled in {@code com.github.codemonstur:embedded-redis}.</li>
 * </ol>
 * A started process is daemonised (it outlives a killed server, as it must for reuse) and recorded in
 * {@code ${server.output.dir}/sideline-sample-redis.properties}; a normal server stop stops it.
 */
final class DevRedis {

    private static final Logger LOG = Logger.getLogger(DevRedis.class.getName());

    /**
     * Static because MicroProfile Config instantiates its sources itself (ServiceLoader, no CDI) and may
     * build more than one Config per application: one Redis per class loader, i.e. per application.
     */
    private static String url;

    private static final CountDownLatch APPLICATION_STOPPED = new CountDownLatch(1);
    /** Liberty stops an application within seconds; past this, Redis is stopped anyway. */
    private static final Duration APPLICATION_STOP_WAIT = Duration.ofSeconds(30);

    private DevRedis() {
    }

    static synchronized String url() {
        if (url == null) {
            url = provision(outputDir());
        }
        return url;
    }

    private static String provision(Path dir) {
        DevRedisState state = new DevRedisState(dir);
        Optional<RedisProcess> previous = state.read().filter(RedisProbe::isSameServer);
        if (previous.isPresent()) {
            announce("reusing " + previous.get().kind(), previous.get().url());
            stopAtShutdown(() -> stop(previous.get(), state));
            return previous.get().url();
        }
        Optional<DockerRedis.Started> docker = DockerRedis.startIfAvailable();
        if (docker.isPresent()) {
            // not recorded: Testcontainers' Ryuk removes the container when this JVM ends, however it ends
            stopAtShutdown(docker.get().stop());
            announce("using a Redis container from Docker (Testcontainers)", docker.get().url());
            return docker.get().url();
        }
        RedisProcess started = RedisServerLauncher.findOnPath()
                .map(binary -> RedisServerLauncher.start(binary, "redis-server from PATH", dir))
                .orElseGet(() -> RedisServerLauncher.start(EmbeddedRedisBinary.extract(),
                        "embedded redis-server (embedded-redis)", dir));
        state.write(started);
        stopAtShutdown(() -> stop(started, state));
        announce("using " + started.kind(), started.url());
        return started.url();
    }

    private static void announce(String what, String redisUrl) {
        LOG.info("sideline sample: " + what + " at " + redisUrl
                + " (set SIDELINE_REDIS_URL or -Dsideline.redis.url to use another Redis)");
    }

    /** Called by {@link DevRedisShutdown} once the application has stopped, and with it the library's workers. */
    static void applicationStopped() {
        APPLICATION_STOPPED.countDown();
    }

    /**
     * A JVM shutdown hook, not a CDI observer: the Redis must outlive redeploys and stop only with the server
     * ({@code kill -9} runs no hook, on purpose: the next server reuses it). On Ctrl-C the hooks run while
     * Liberty is still stopping the application, so the hook first waits for that: Redis must not vanish
     * under workers that are finishing their jobs.
     */
    private static void stopAtShutdown(Runnable stopRedis) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                APPLICATION_STOPPED.await(APPLICATION_STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stopRedis.run();
        }, "sideline-sample-dev-redis-stop"));
    }

    private static void stop(RedisProcess redis, DevRedisState state) {
        redis.stop();
        state.delete();
    }

    /** Liberty's server output directory (server.output.dir), else a folder in the temp directory. */
    static Path outputDir() {
        String serverOutput = System.getProperty("server.output.dir");
        Path dir = serverOutput != null
                ? Path.of(serverOutput)
                : Path.of(System.getProperty("java.io.tmpdir"), "sideline-sample-redis");
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create " + dir, e);
        }
    }
}
