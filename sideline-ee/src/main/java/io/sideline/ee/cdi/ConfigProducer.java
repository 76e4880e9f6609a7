package io.sideline.ee.cdi;

import io.sideline.ee.config.SidelineConfig;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Reads the settings from MicroProfile Config once, into the typed {@link SidelineConfig}. Any config
 * source works: the application's {@code microprofile-config.properties}, system properties, or
 * environment variables ({@code SIDELINE_REDIS_URL} for {@code sideline.redis.url}).
 */
@ApplicationScoped
public class ConfigProducer {

    private SidelineConfig settings;

    @PostConstruct
    void read() {
        Config config = ConfigProvider.getConfig();
        settings = SidelineConfig.read(key -> config.getOptionalValue(key, String.class).orElse(null));
    }

    /** Dependent (a record cannot be proxied), but read once: every injection gets the same instance. */
    @Produces
    SidelineConfig sidelineConfig() {
        return settings;
    }
}
