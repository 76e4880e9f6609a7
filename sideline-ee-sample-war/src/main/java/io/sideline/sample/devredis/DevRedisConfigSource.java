package io.sideline.sample.devredis;

import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.Set;

/**
 * Supplies {@code sideline.redis.url} when nothing else does, by provisioning a Redis for development
 * ({@link DevRedis}). Its ordinal is below {@code microprofile-config.properties} (100), environment
 * variables (300) and system properties (400), so any configured URL wins and MicroProfile Config never
 * asks this source; provisioning happens on that first ask, not at startup.
 *
 * <p>Registered in {@code META-INF/services/org.eclipse.microprofile.config.spi.ConfigSource}. Sample
 * code only: a production application configures its Redis.
 */
public class DevRedisConfigSource implements ConfigSource {

    static final String REDIS_URL = "sideline.redis.url";
    static final int ORDINAL = 50;

    @Override
    public Set<String> getPropertyNames() {
        return Set.of(REDIS_URL);
    }

    @Override
    public String getValue(String propertyName) {
        return REDIS_URL.equals(propertyName) ? DevRedis.url() : null;
    }

    @Override
    public String getName() {
        return "sideline-sample-dev-redis";
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }
}
