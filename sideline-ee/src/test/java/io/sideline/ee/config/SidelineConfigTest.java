package io.sideline.ee.config;

import io.sideline.ee.config.SidelineConfig.BarrierType;
import io.sideline.ee.config.SidelineConfig.Keys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SidelineConfig: defaults, validation messages that name the key, and passwords kept out of logs. */
class SidelineConfigTest {

    private static SidelineConfig read(String... keyValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return SidelineConfig.read(values::get);
    }

    @Test
    void strictModeWithTheAtMostOnceBarrierIsRefusedNamingBothSettings() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> read(Keys.REDIS_STRICT, "true", Keys.BARRIER_TYPE, "at-most-once"));

        assertTrue(e.getMessage().startsWith("sideline.redis.strict=true needs sideline.barrier.type=atomic"),
                e.getMessage());
        assertTrue(e.getMessage().contains("strands the run"), e.getMessage());
        assertEquals(BarrierType.AT_MOST_ONCE, read(Keys.BARRIER_TYPE, "at-most-once").barrierType(),
                "without strict mode the seed's barrier still deploys");
        assertTrue(read(Keys.REDIS_STRICT, "true").redis().strict(), "strict mode with the default barrier deploys");
    }

    @Test
    void everySettingHasADefault() {
        SidelineConfig c = read();

        assertEquals("redis://127.0.0.1:6379", c.redis().url());
        assertNull(c.redis().password());
        assertNull(c.redis().user());
        assertFalse(c.redis().tls());
        assertFalse(c.redis().usesTls());
        assertNull(c.redis().truststore(), "the JVM's default SSLSocketFactory decides");
        assertNull(c.redis().truststorePassword());
        assertEquals(Duration.ofMillis(2_000), c.redis().timeout());
        assertEquals("sideline:", c.redis().keyPrefix());
        assertEquals(List.of("default"), c.worker().queues());
        assertEquals("default", c.worker().defaultQueue());
        assertEquals(5, c.worker().concurrency());
        assertTrue(c.worker().enabled());
        assertEquals(BarrierType.ATOMIC, c.barrierType());
        assertEquals(86_400, c.ttls().barrier());
        assertEquals(7 * 86_400, c.ttls().run());
        assertEquals(25, c.retry().max());
        assertEquals(Duration.ofMillis(1_000), c.retry().backoffBase());
        assertEquals(Duration.ofHours(1), c.retry().backoffMax());
        assertEquals(10_000, c.retry().deadMaxJobs());
        assertEquals(180 * 86_400, c.retry().deadTtl());
        assertEquals(Duration.ofMillis(25_000), c.worker().shutdownGrace());
        assertEquals(Duration.ofMillis(2_000), c.worker().heartbeatInterval());
        assertEquals(Duration.ofMillis(10_000), c.worker().heartbeatTtl());
        assertEquals(Duration.ofMillis(5_000), c.worker().reaperInterval());
        assertEquals(Duration.ofMillis(10), c.worker().pollInterval());
        assertEquals(Duration.ofMillis(1_000), c.worker().fetchTimeout());
    }

    @Test
    void jobsAreReportedAfterTenMinutesAndHaveNoTimeoutUnlessOneIsSet() {
        SidelineConfig c = read();
        assertEquals(Duration.ofMinutes(10), c.worker().jobWarnAfter());
        assertEquals(Duration.ZERO, c.worker().jobTimeout());

        SidelineConfig set = read(Keys.JOB_WARN_AFTER, "0", Keys.JOB_TIMEOUT, "30000");
        assertEquals(Duration.ZERO, set.worker().jobWarnAfter(), "zero: never reported");
        assertEquals(Duration.ofSeconds(30), set.worker().jobTimeout());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(Keys.JOB_TIMEOUT, "-1"));
        assertEquals("sideline.job.timeout-ms must be zero (off) or positive, was -1", e.getMessage());
    }

    @Test
    void blankValuesMeanTheDefault() {
        SidelineConfig c = read(Keys.CONCURRENCY, "  ", Keys.KEY_PREFIX, "", Keys.QUEUES, " ");

        assertEquals(5, c.worker().concurrency());
        assertEquals("sideline:", c.redis().keyPrefix());
        assertEquals(List.of("default"), c.worker().queues());
    }

    @Test
    void valuesAreTrimmedAndParsed() {
        SidelineConfig c = read(Keys.QUEUES, " critical , default,,mail ", Keys.BARRIER_TYPE, " AT-MOST-ONCE ",
                Keys.WORKER_ENABLED, "FALSE", Keys.REDIS_TLS, "True", Keys.CONCURRENCY, " 12 ",
                Keys.RETRY_BACKOFF_BASE, "250", Keys.REDIS_URL, "rediss://cache:6380/2");

        assertEquals(List.of("critical", "default", "mail"), c.worker().queues());
        assertEquals("critical", c.worker().defaultQueue(), "the first queue is the default one");
        assertEquals(BarrierType.AT_MOST_ONCE, c.barrierType());
        assertFalse(c.worker().enabled());
        assertTrue(c.redis().tls());
        assertEquals(12, c.worker().concurrency());
        assertEquals(Duration.ofMillis(250), c.retry().backoffBase());
        assertEquals("rediss://cache:6380/2", c.redis().url());
        assertEquals(0, read(Keys.RETRY_MAX, "0").retry().max(), "no retries at all is allowed");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "sideline.redis.url|http://cache:6379",
            "sideline.redis.url|cache:6379",
            "sideline.redis.tls|yes",
            "sideline.redis.timeout-ms|0",
            "sideline.redis.timeout-ms|2s",
            "sideline.queues|' , ,'",
            "sideline.concurrency|0",
            "sideline.concurrency|-2",
            "sideline.concurrency|five",
            "sideline.worker.enabled|1",
            "sideline.barrier.type|eventual",
            "sideline.barrier.ttl|0",
            "sideline.barrier.ttl|1.5",
            "sideline.run.ttl|-1",
            "sideline.retry.max|-1",
            "sideline.retry.backoff-base-ms|0",
            "sideline.retry.backoff-max-ms|-1000",
            "sideline.dead.max-jobs|0",
            "sideline.dead.ttl|0",
            "sideline.shutdown.grace-ms|0",
            "sideline.heartbeat.interval-ms|0",
            "sideline.heartbeat.ttl-ms|-1",
            "sideline.reaper.interval-ms|0",
            "sideline.scheduler.poll-interval-ms|0",
            "sideline.fetch.timeout-ms|1e3",
            "sideline.tx.launch-retry|-1",
            "sideline.tx.launch-retry|3601",
    })
    void anInvalidValueIsRefusedNamingItsKey(String key, String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(key, value));

        assertTrue(e.getMessage().contains(key), "'" + e.getMessage() + "' names " + key);
    }

    /** The defaults with one component replaced, through the canonical constructor (as code outside read() would). */
    /** The defaults' Redis group with another key prefix, made with the group's constructor (no reading, no defaults). */
    private static SidelineConfig.Redis redisWithKeyPrefix(String keyPrefix) {
        SidelineConfig.Redis d = read().redis();
        return new SidelineConfig.Redis(d.url(), d.password(), d.user(), d.tls(), d.truststore(), d.truststorePassword(),
                d.timeout(), d.strict(), keyPrefix, d.waitReplicas(), d.waitTimeout());
    }

    @Test
    void anEmptyKeyPrefixIsRefusedNamingItsKey() {
        assertEquals("custom:", redisWithKeyPrefix("custom:").keyPrefix());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> redisWithKeyPrefix(""));

        assertTrue(e.getMessage().contains(Keys.KEY_PREFIX), e.getMessage());
    }

    @Test
    void aHeartbeatTtlThatOneTimedOutBeatWouldOutliveIsRefusedNamingTheThreeSettings() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> read(Keys.HEARTBEAT_INTERVAL, "1000", Keys.HEARTBEAT_TTL, "3000"));
        assertTrue(e.getMessage().contains(Keys.HEARTBEAT_TTL) && e.getMessage().contains(Keys.HEARTBEAT_INTERVAL)
                && e.getMessage().contains(Keys.REDIS_TIMEOUT), e.getMessage());
        assertTrue(e.getMessage().contains("(3000)") && e.getMessage().contains("(1000)")
                && e.getMessage().contains("(2000)"), "the values: " + e.getMessage());

        assertThrows(IllegalArgumentException.class, () -> read(Keys.HEARTBEAT_INTERVAL, "1000",
                Keys.HEARTBEAT_TTL, "4000"), "exactly 2 x interval + timeout is not enough");
        assertEquals(Duration.ofMillis(4_001), read(Keys.HEARTBEAT_INTERVAL, "1000", Keys.HEARTBEAT_TTL, "4001")
                .worker().heartbeatTtl());
        assertEquals(Duration.ofMillis(3_000), read(Keys.HEARTBEAT_INTERVAL, "1000", Keys.HEARTBEAT_TTL, "3000",
                Keys.REDIS_TIMEOUT, "900").worker().heartbeatTtl(), "a shorter timeout allows a shorter TTL");
        assertThrows(IllegalArgumentException.class, () -> read(Keys.HEARTBEAT_INTERVAL, "4000"),
                "a longer interval needs a longer TTL than the default 10 s");
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis://user:secret@h:1", "redis://:secret@h:1", "rediss://user:secret@h:1/3",
            "redis://default:secret@cache.example.com:6379/0?timeout=5"})
    void theRedisDescriptionNeverContainsThePassword(String url) {
        SidelineConfig c = read(Keys.REDIS_URL, url, Keys.REDIS_PASSWORD, "other-secret");

        String described = c.redis().describe();

        assertFalse(described.contains("secret"), described);
        assertFalse(RedisUrls.withoutPassword(url).contains("secret"), RedisUrls.withoutPassword(url));
        assertTrue(described.contains("***@h:1") || described.contains("***@cache.example.com:6379"), described);
    }

    @Test
    void theTruststoreKeysAreReadAndTlsFollowsTheSchemeOrTheKey() {
        SidelineConfig c = read(Keys.REDIS_TRUSTSTORE, " /etc/redis/ca.crt ", Keys.REDIS_TRUSTSTORE_PASSWORD, "store-secret");

        assertEquals("/etc/redis/ca.crt", c.redis().truststore());
        assertEquals("store-secret", c.redis().truststorePassword());
        assertFalse(c.redis().usesTls());
        assertTrue(read(Keys.REDIS_URL, "rediss://h:1").redis().usesTls());
        assertTrue(read(Keys.REDIS_TLS, "true").redis().usesTls());
    }

    @Test
    void theConfigurationsTextHasEverySettingButNoPassword() {
        SidelineConfig c = read(Keys.REDIS_URL, "redis://user:url-secret@h:1", Keys.REDIS_PASSWORD, "key-secret",
                Keys.REDIS_TRUSTSTORE_PASSWORD, "store-secret", Keys.QUEUES, "critical");

        String text = c.toString();

        assertFalse(text.contains("secret"), text);
        assertTrue(text.contains("url=redis://user:***@h:1") && text.contains("password=***")
                && text.contains("truststorePassword=***") && text.contains("queues=[critical]")
                && text.contains("maxPayloadBytes=1048576"), text);
        assertTrue(read().toString().contains("password=null"), read().toString());
    }

    @Test
    void theUserNameAndTheRestOfTheUrlAreKept() {
        assertEquals("redis://user:***@h:1", RedisUrls.withoutPassword("redis://user:secret@h:1"));
        assertEquals("redis://:***@h:1", RedisUrls.withoutPassword("redis://:secret@h:1"));
        assertEquals("rediss://user:***@h:1/3", RedisUrls.withoutPassword("rediss://user:secret@h:1/3"));
    }

    @Test
    void aUrlWithoutCredentialsIsUnchanged() {
        assertEquals("redis://h:1", RedisUrls.withoutPassword("redis://h:1"));
        assertEquals("redis://127.0.0.1:6379", read().redis().describe());
    }

    @Test
    void anUnparseableUrlIsNotEchoed() {
        String described = RedisUrls.withoutPassword("redis://user:pa ss@h:1");

        assertFalse(described.contains("pa ss"), described);
    }

    @Test
    void theMaximumRunAgeDefaultsToThirtyDays() {
        assertEquals(Duration.ofDays(30), read().limits().maxRunAge());
        assertEquals(Duration.ofDays(2), read(Keys.MAX_RUN_AGE, "172800").limits().maxRunAge());
    }

    @Test
    void idempotencyKeysAreRememberedForADayByDefault() {
        assertEquals(86_400, read().ttls().idempotency());
        assertEquals(600, read(Keys.IDEMPOTENCY_TTL, "600").ttls().idempotency());
        assertThrows(IllegalArgumentException.class, () -> read(Keys.IDEMPOTENCY_TTL, "0"));
    }

    /** 2^63 ms is about 9.2e15 s: such a TTL makes EXPIRE fail inside a script (see TtlBoundTest). */
    @ParameterizedTest
    @ValueSource(strings = {Keys.BARRIER_TTL, Keys.RUN_TTL, Keys.DEAD_TTL, Keys.MEMORY_TTL, Keys.MAX_RUN_AGE,
            Keys.IDEMPOTENCY_TTL})
    void everyTtlHasAnUpperBoundNamedInTheMessage(String key) {
        assertEquals(SidelineConfig.MAX_TTL_SECONDS, 315_360_000, "10 years");
        read(key, Long.toString(SidelineConfig.MAX_TTL_SECONDS)); // the bound itself is accepted

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> read(key, "9223372036854775"));

        assertTrue(e.getMessage().startsWith(key + " must be at most 315360000 seconds"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> read(key, Long.toString(SidelineConfig.MAX_TTL_SECONDS + 1)));
    }

    @ParameterizedTest
    @ValueSource(strings = {Keys.REDIS_TIMEOUT, Keys.SHUTDOWN_GRACE, Keys.HEARTBEAT_TTL, Keys.REAPER_INTERVAL,
            Keys.POLL_INTERVAL, Keys.FETCH_TIMEOUT})
    void everyIntervalIsAtMostAnHour(String key) {
        if (key.equals(Keys.REDIS_TIMEOUT)) {
            // an hour passes the hour's bound, but would need a heartbeat TTL over an hour: the heartbeat rule refuses it
            assertTrue(assertThrows(IllegalArgumentException.class, () -> read(key, "3600000")).getMessage()
                    .startsWith(Keys.HEARTBEAT_TTL));
        } else {
            read(key, "3600000");
        }

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(key, "3600001"));

        assertTrue(e.getMessage().startsWith(key + " must be at most 3600000 ms"), e.getMessage());
    }

    @Test
    void theHeartbeatIntervalIsAtMostAnHour() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> read(Keys.HEARTBEAT_INTERVAL, "3600001", Keys.HEARTBEAT_TTL, "3600000"));

        assertTrue(e.getMessage().startsWith(Keys.HEARTBEAT_INTERVAL + " must be at most 3600000 ms"), e.getMessage());
    }

    @Test
    void theGaugeReporterLeaseIsTwoMinutesByDefaultAndBetweenTenSecondsAndAnHour() {
        assertEquals(120_000, read().limits().reporterLease().toMillis());
        assertEquals(10_000, read(Keys.REPORTER_LEASE, "10000").limits().reporterLease().toMillis());

        for (String refused : List.of("9999", "3600001")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> read(Keys.REPORTER_LEASE, refused));
            assertEquals(Keys.REPORTER_LEASE + " must be between 10000 and 3600000 ms, was " + refused + " ms",
                    e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Keys.RETRY_BACKOFF_BASE, Keys.RETRY_BACKOFF_MAX, Keys.STALL_AFTER})
    void retriesAndStallReportsComeWithinTheMaximumRunAge(String key) {
        read(key, "86400000", Keys.MAX_RUN_AGE, "86400");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> read(key, "86400001", Keys.MAX_RUN_AGE, "86400"));

        assertTrue(e.getMessage().startsWith(key + " must be at most 86400000 ms (" + Keys.MAX_RUN_AGE + ")"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> read(key, Long.toString(Long.MAX_VALUE)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"default,mail queue", "default,queue:x", "default,qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq", "default,caf\u00e9"})
    void configuredQueueNamesFollowTheRule(String queues) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(Keys.QUEUES, queues));

        assertTrue(e.getMessage().startsWith(Keys.QUEUES + ": '"), e.getMessage());
        assertTrue(e.getMessage().contains("[A-Za-z0-9_.-]{1,64}"), e.getMessage());
    }

    @Test
    void waitingForReplicasIsOffByDefaultAndItsTimeoutEndsBeforeTheSocketTimeout() {
        SidelineConfig defaults = read();
        assertEquals(0, defaults.redis().waitReplicas());
        assertEquals(1000, defaults.redis().waitTimeout().toMillis());
        assertEquals(2, read(Keys.REDIS_WAIT_REPLICAS, "2", Keys.REDIS_WAIT_TIMEOUT, "1999").redis().waitReplicas());

        IllegalArgumentException late = assertThrows(IllegalArgumentException.class,
                () -> read(Keys.REDIS_WAIT_REPLICAS, "1", Keys.REDIS_WAIT_TIMEOUT, "2000"));
        assertTrue(late.getMessage().startsWith(Keys.REDIS_WAIT_TIMEOUT + " must be positive and less than "
                + Keys.REDIS_TIMEOUT), late.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> read(Keys.REDIS_WAIT_REPLICAS, "-1"));
        assertTrue(negative.getMessage().startsWith(Keys.REDIS_WAIT_REPLICAS), negative.getMessage());
        // off: the timeout is not used, so a short socket timeout needs no change to it
        assertEquals(0, read(Keys.REDIS_TIMEOUT, "500").redis().waitReplicas());
    }

    @Test
    void sixteenShardsByDefaultOnlyAClusterUrlIsShardedAndZeroOrTooManyShardsAreRefusedNamingTheKey() {
        SidelineConfig defaults = read();
        assertEquals(16, defaults.redis().shards());
        assertFalse(defaults.redis().cluster(), "redis:// is one Redis: one shard whatever is set");
        SidelineConfig cluster = read(Keys.REDIS_URL, "redis-cluster://127.0.0.1:7000,127.0.0.1:7001",
                Keys.REDIS_SHARDS, "6");
        assertTrue(cluster.redis().cluster());
        assertEquals(6, cluster.redis().shards());
        for (String bad : List.of("0", "-3", "1025")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> read(Keys.REDIS_SHARDS, bad));
            assertTrue(e.getMessage().startsWith(Keys.REDIS_SHARDS + " must be between 1 and 1024, was " + bad),
                    e.getMessage());
        }
    }
}
