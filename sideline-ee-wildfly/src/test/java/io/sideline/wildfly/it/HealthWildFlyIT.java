package io.sideline.wildfly.it;

import io.sideline.ee.test.Await;
import io.sideline.ee.test.RedisServerProcess;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The library's MicroProfile Health checks on WildFly, from outside (a client-only deployment): WildFly serves
 * {@code /health/ready} on its management port (9990 + offset), not on the application's HTTP port as Open
 * Liberty does. Readiness follows the suite's Redis: UP, DOWN once it is stopped, UP again after it restarts.
 */
@ExtendWith({WildFlySuite.class, ArquillianExtension.class})
class HealthWildFlyIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** The library's readiness check, named "redis", with its status (the JSON is compact on WildFly). */
    private static final Pattern REDIS_UP = Pattern.compile("\"name\"\\s*:\\s*\"redis\"\\s*,\\s*\"status\"\\s*:\\s*\"UP\"");
    private static final Pattern REDIS_DOWN = Pattern.compile("\"name\"\\s*:\\s*\"redis\"\\s*,\\s*\"status\"\\s*:\\s*\"DOWN\"");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return TestWar.create("health.war");
    }

    @Test
    void readinessIsDownWhileRedisIsStoppedAndUpAgainAfterItRestarts() {
        HttpResponse<String> up = Await.until("ready", TIMEOUT, () -> ready(), r -> r.statusCode() == 200);
        assertTrue(REDIS_UP.matcher(up.body()).find(), up.body());

        RedisServerProcess redis = WildFlySuite.redis();
        redis.stop();
        try {
            HttpResponse<String> down = Await.until("not ready", TIMEOUT, () -> ready(), r -> r.statusCode() == 503);
            assertTrue(REDIS_DOWN.matcher(down.body()).find(), down.body());
        } finally {
            redis.restart();
        }

        HttpResponse<String> upAgain = Await.until("ready again", TIMEOUT, () -> ready(), r -> r.statusCode() == 200);
        assertTrue(REDIS_UP.matcher(upAgain.body()).find(), upAgain.body());
    }

    @Test
    void livenessReportsTheWorker() {
        HttpResponse<String> live = get("/health/live");

        assertEquals(200, live.statusCode(), live.body());
        assertTrue(live.body().contains("sideline-workers"), live.body());
    }

    private HttpResponse<String> ready() {
        return get("/health/ready");
    }

    private HttpResponse<String> get(String path) {
        URI uri = URI.create("http://127.0.0.1:" + WildFlySuite.managementPort() + path);
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
