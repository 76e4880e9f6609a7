package io.sideline.sample.devredis;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Destroyed;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Observes;

/**
 * Tells {@link DevRedis} when the application has stopped: after the application context is destroyed,
 * the library's workers no longer use Redis, and a stopping server may stop the dev Redis.
 */
@Dependent
public class DevRedisShutdown {

    void applicationStopped(@Observes @Destroyed(ApplicationScoped.class) Object event) {
        DevRedis.applicationStopped();
    }
}
