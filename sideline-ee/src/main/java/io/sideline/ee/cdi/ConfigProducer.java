package io.sideline.ee.cdi;

import io.sideline.ee.config.SidelineConfig;
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

    @Produces
    @ApplicationScoped
    SidelineConfig sidelineConfig() {
        Config config = ConfigProvider.getConfig();
        return SidelineConfig.read(key -> config.getOptionalValue(key, String.class).orElse(null));
    }
}
