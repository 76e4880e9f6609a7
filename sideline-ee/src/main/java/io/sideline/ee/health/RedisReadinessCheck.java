package io.sideline.ee.health;

import io.sideline.ee.cdi.PostureCheck;
import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.redis.RedisBackend;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: PINGs Redis, bounded by {@code sideline.redis.timeout-ms}. DOWN carries the error; the
 * reported URL never includes the password. Also DOWN when {@code sideline.redis.strict} refused Redis'
 * posture at the first contact after a deploy without Redis (the first successful probe makes that check on a
 * server without a worker).
 */
@Readiness
@ApplicationScoped
public class RedisReadinessCheck implements HealthCheck {

    @Inject
    SidelineConfig config;
    @Inject
    RedisBackend backend;
    @Inject
    PostureCheck posture;

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("redis").withData("url", config.redis().describe());
        try {
            backend.ping();
        } catch (RuntimeException e) {
            return response.down().withData("error", String.valueOf(e.getMessage())).build();
        }
        return posture.refusal().map(refused -> response.down().withData("error", refused).build())
                .orElseGet(() -> response.up().build());
    }
}
