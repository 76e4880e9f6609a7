package io.sideline.ee.engine;

import io.sideline.ee.Workflows;
import io.sideline.ee.cdi.SidelineExecutor;
import io.sideline.ee.cdi.SidelineExtension;
import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.testing.TestRedis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import redis.clients.jedis.RedisClient;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The whole library in a CDI container (Weld SE) against a real Redis: the same beans, interceptor,
 * extension and worker as in Open Liberty, with a private key prefix and short intervals. Only the
 * executor (no JNDI here) and the configuration source differ.
 */
public final class TestEngine implements AutoCloseable {

    /** The configuration the next container reads (Weld SE has no MicroProfile Config here). */
    private static volatile SidelineConfig nextConfig;

    public final String prefix;
    public final SidelineConfig config;
    /** The system property that sets the barrier type of every engine a suite starts (see the constructor). */
    public static final String BARRIER_TYPE_PROPERTY = "sideline.test.barrier-type";
    private final WeldContainer container;
    private final ExecutorService executor = Executors.newCachedThreadPool();

    private TestEngine(Map<String, String> settings, String prefix, Class<?>... extraBeans) {
        this.prefix = prefix;
        Map<String, String> all = new HashMap<>(Map.of(
                SidelineConfig.Keys.REDIS_URL, TestRedis.url(),
                SidelineConfig.Keys.KEY_PREFIX, prefix,
                SidelineConfig.Keys.CONCURRENCY, "4",
                SidelineConfig.Keys.HEARTBEAT_INTERVAL, "200",
                SidelineConfig.Keys.HEARTBEAT_TTL, "2500",
                SidelineConfig.Keys.REAPER_INTERVAL, "200",
                SidelineConfig.Keys.FETCH_TIMEOUT, "200",
                SidelineConfig.Keys.RETRY_BACKOFF_BASE, "20",
                SidelineConfig.Keys.SHUTDOWN_GRACE, "2000"));
        // -Dsideline.test.barrier-type=at-most-once runs a whole suite under the seed's barrier (a test's own
        // setting still wins): how the issue-9 guarantees are checked under both barrier types
        String barrierType = System.getProperty(BARRIER_TYPE_PROPERTY, "");
        if (!barrierType.isBlank()) {
            all.put(SidelineConfig.Keys.BARRIER_TYPE, barrierType);
        }
        all.putAll(settings);
        this.config = SidelineConfig.read(all::get);
        nextConfig = config;
        Producers.executor = executor;
        this.container = new Weld("test-" + java.util.UUID.randomUUID())
                .disableDiscovery()
                .addExtension(new SidelineExtension())
                .addBeanClasses(io.sideline.ee.cdi.SidelineBeans.ALL.toArray(Class<?>[]::new))
                .addBeanClasses(Producers.class, ExecutionLog.class,
                        Rec.class, Flaky.class, Stretch.class, TypedJobs.Greet.class, TypedJobs.Shout.class,
                        TypedJobs.Remember.class, TypedJobs.BadOutput.class, EnrichTemplate.class, Holder.class)
                .addBeanClasses(extraBeans)
                .initialize();
    }

    public static TestEngine start(Map<String, String> settings) {
        return new TestEngine(settings, TestRedis.uniquePrefix());
    }

    /** An engine with extra beans (e.g. port decorators). */
    public static TestEngine startWith(Map<String, String> settings, Class<?>... extraBeans) {
        return new TestEngine(settings, TestRedis.uniquePrefix(), extraBeans);
    }

    /**
     * An engine on a given key prefix (e.g. the default {@code sideline:} on a private Redis whose ACL user
     * may touch only that prefix); {@code settings} may also name another Redis URL and credentials.
     */
    public static TestEngine startOn(Map<String, String> settings, String prefix, Class<?>... extraBeans) {
        return new TestEngine(settings, prefix, extraBeans);
    }

    /** A second server on the same Redis and prefix (a cluster of two). */
    public static TestEngine join(TestEngine other, Map<String, String> settings) {
        return new TestEngine(settings, other.prefix);
    }

    /** A second server on the same Redis and prefix, with extra beans (e.g. its own metrics SDK). */
    public static TestEngine join(TestEngine other, Map<String, String> settings, Class<?>... extraBeans) {
        return new TestEngine(settings, other.prefix, extraBeans);
    }

    public Workflows workflows() {
        return container.select(Workflows.class).get();
    }

    public ExecutionLog log() {
        return container.select(ExecutionLog.class).get();
    }

    public <T> T bean(Class<T> type, java.lang.annotation.Annotation... qualifiers) {
        return container.select(type, qualifiers).get();
    }

    /** A direct Redis client on the same prefix, to look at or tamper with the state. */
    public RedisClient redis() {
        // A generous timeout: some tests make Redis move tens of megabytes at once.
        java.net.URI uri = java.net.URI.create(config.redis().url());
        return RedisClient.builder().hostAndPort(uri.getHost(), uri.getPort())
                .clientConfig(redis.clients.jedis.DefaultJedisClientConfig.builder().socketTimeoutMillis(30_000).build())
                .build();
    }

    @Override
    public void close() {
        container.shutdown();
        executor.shutdownNow();
    }

    /** Producers for what the server provides in production. */
    @ApplicationScoped
    public static class Producers {
        static volatile ExecutorService executor;

        @Produces
        @SidelineExecutor
        ExecutorService executor() {
            return executor;
        }

        private final SidelineConfig config = nextConfig;

        @Produces
        SidelineConfig config() {
            return config;
        }
    }
}
