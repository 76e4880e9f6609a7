package io.sideline.sample.it;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The library's MicroProfile Health checks, as a load balancer or Kubernetes would see them. */
class HealthIT {

    private static final SampleApi API = SampleApi.fromSystemProperties();

    @BeforeAll
    static void serverIsUp() {
        API.awaitReady(Duration.ofSeconds(120));
    }

    @Test
    void readinessIsUpWithARedisCheck() {
        HttpResponse<String> response = API.get("health/ready");
        assertEquals(200, response.statusCode(), response.body());
        JsonObject health = SampleApi.json(response);
        assertEquals("UP", health.getString("status"), response.body());
        JsonObject redis = health.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(check -> "redis".equals(check.getString("name")))
                .findFirst().orElseThrow(() -> new AssertionError("no readiness check named redis: " + response.body()));
        assertEquals("UP", redis.getString("status"), response.body());
    }

    @Test
    void livenessAnswers200() {
        HttpResponse<String> response = API.get("health/live");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("UP", SampleApi.json(response).getString("status"), response.body());
    }
}
