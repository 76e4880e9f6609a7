package io.sideline.ee.test;

import io.sideline.ee.cdi.SidelineBeans;
import io.sideline.ee.cdi.SidelineExtension;
import io.sideline.ee.config.SidelineConfig;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Boots sideline-ee in Weld SE for a plain JUnit 5 test, with your job beans and nothing discovered:
 * <ul>
 *   <li>{@link #engine(SidelineRedis)}: the real library (the beans, interceptor, extension and worker of a
 *       server) on a test's Redis and key prefix, with short test timings ({@link #TEST_SETTINGS}); configuration
 *       comes from {@link #setting}, not from MicroProfile Config;</li>
 *   <li>{@link #inline()}: the same beans in inline mode ({@link InlineSideline}): {@code Workflows.run} performs
 *       the jobs on the calling thread, and no Redis is used (the library's Redis beans point at a closed port, so
 *       anything that still reached them would fail loudly).</li>
 * </ul>
 * The container is a {@link WeldContainer}: close it ({@code try-with-resources} or {@code @AfterEach}) to stop the
 * worker. The application needs implementations of JSON-B, JSON-P and Bean Validation on its test class path.
 */
public final class SidelineWeld {

    /** Short timings so a test's worker starts fetching, promotes delayed jobs and stops quickly. */
    public static final Map<String, String> TEST_SETTINGS = Map.of(
            SidelineConfig.Keys.CONCURRENCY, "4",
            SidelineConfig.Keys.FETCH_TIMEOUT, "200",
            SidelineConfig.Keys.HEARTBEAT_INTERVAL, "200",
            SidelineConfig.Keys.HEARTBEAT_TTL, "2500",
            SidelineConfig.Keys.REAPER_INTERVAL, "200",
            SidelineConfig.Keys.RETRY_BACKOFF_BASE, "20",
            SidelineConfig.Keys.SHUTDOWN_GRACE, "2000");

    /** Inline mode has no Redis: port 1 refuses connections at once. */
    static final String NO_REDIS = "redis://127.0.0.1:1";

    private static final List<Class<?>> LIBRARY_BEANS = SidelineBeans.ALL;

    private final boolean inline;
    private final Map<String, String> settings = new LinkedHashMap<>();
    private final List<Class<?>> beans = new ArrayList<>();

    private SidelineWeld(boolean inline) {
        this.inline = inline;
    }

    /** The real engine on {@code redis} (its URL and key prefix), with {@link #TEST_SETTINGS}. */
    public static SidelineWeld engine(SidelineRedis redis) {
        SidelineWeld weld = new SidelineWeld(false);
        weld.settings.putAll(TEST_SETTINGS);
        weld.settings.put(SidelineConfig.Keys.REDIS_URL, redis.url());
        weld.settings.put(SidelineConfig.Keys.KEY_PREFIX, redis.keyPrefix());
        return weld;
    }

    /** Inline mode: no Redis, jobs run on the calling thread. */
    public static SidelineWeld inline() {
        SidelineWeld weld = new SidelineWeld(true);
        weld.settings.put(SidelineConfig.Keys.REDIS_URL, NO_REDIS);
        weld.settings.put(SidelineConfig.Keys.WORKER_ENABLED, "false");
        return weld;
    }

    /** Your beans: the {@code @SidelineJob} classes, what they inject, templates, an {@link ExecutionLog}... */
    public SidelineWeld beans(Class<?>... classes) {
        beans.addAll(List.of(classes));
        return this;
    }

    /** A setting, by its {@code sideline.*} key (see {@link SidelineConfig.Keys}). */
    public SidelineWeld setting(String key, String value) {
        settings.put(key, value);
        return this;
    }

    /** Starts the container (and, for the engine, its worker). */
    public WeldContainer start() {
        SidelineConfig config = SidelineConfig.read(settings::get);
        Weld weld = new Weld("sideline-test-" + UUID.randomUUID())
                .disableDiscovery()
                .addExtension(new SidelineExtension())
                .addExtension(new TestServices(config))
                .addBeanClasses(LIBRARY_BEANS.toArray(Class<?>[]::new))
                .addBeanClasses(beans.toArray(Class<?>[]::new));
        if (inline) {
            weld.addExtension(new InlineSideline());
        }
        return weld.initialize();
    }
}
