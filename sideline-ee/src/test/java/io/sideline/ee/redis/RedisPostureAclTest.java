package io.sideline.ee.redis;

import io.sideline.ee.RedisUnavailableException;
import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.testing.LogCapture;
import io.sideline.ee.testing.PrivateRedis;
import io.sideline.ee.testing.SidelineAcl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The startup posture check under ACL users: with the README's rule it reads the posture; without
 * {@code +info} it cannot, and says so (warn mode) or refuses to start (strict mode); refused credentials
 * likewise. No message names the password.
 */
class RedisPostureAclTest {

    private static final String PASSWORD = "posture-Pw-19fe";
    private static final String WRONG = "posture-Wrong-c3d0";
    private static PrivateRedis server;

    @BeforeAll
    static void start() {
        server = PrivateRedis.start("--appendonly", "yes", "--maxmemory-policy", "noeviction");
        try (Jedis boot = new Jedis(new HostAndPort("127.0.0.1", server.port), DefaultJedisClientConfig.builder().build())) {
            boot.aclSetUser("sideline", SidelineAcl.rules(PASSWORD));
            boot.aclSetUser("noinfo", SidelineAcl.rulesWithout(PASSWORD, "info"));
            boot.aclSetUser("default", "reset", "off");
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static SidelineConfig config(String user, String password, boolean strict) {
        return SidelineConfig.read(Map.of(
                SidelineConfig.Keys.REDIS_URL, "redis://127.0.0.1:" + server.port,
                SidelineConfig.Keys.REDIS_USER, user,
                SidelineConfig.Keys.REDIS_PASSWORD, password,
                SidelineConfig.Keys.REDIS_STRICT, Boolean.toString(strict))::get);
    }

    /** Runs the check; returns what it logged. */
    private static String check(SidelineConfig config) {
        try (LogCapture logs = new LogCapture(); RedisBackend backend = RedisBackend.connect(config)) {
            backend.checkPosture();
            return logs.text();
        }
    }

    @Test
    void withTheReadmeRuleTheSoundPostureIsReadAndNothingIsSaidEvenInStrictMode() {
        String logged = assertDoesNotThrow(() -> check(config("sideline", PASSWORD, true)));
        assertFalse(logged.contains("sideline: Redis at"), logged);
    }

    @Test
    void withoutInfoWarnModeWarnsThatItCannotVerifyAndStarts() {
        String logged = check(config("noinfo", PASSWORD, false));
        assertTrue(logged.contains("WARNING") && logged.contains("cannot verify maxmemory-policy and appendonly")
                && logged.contains("NOPERM") && logged.contains("+info"), logged);
        assertFalse(logged.contains(PASSWORD), logged);
    }

    @Test
    void withoutInfoStrictModeRefusesToStartAndSaysWhy() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> check(config("noinfo", PASSWORD, true)));
        assertTrue(e.getMessage().contains("NOPERM") && e.getMessage().contains("sideline.redis.strict=true"), e.getMessage());
        assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
    }

    @Test
    void refusedCredentialsAreAWarningOrAStrictRefusalAndATypedErrorOnUseWithoutThePassword() {
        String logged = check(config("sideline", WRONG, false));
        assertTrue(logged.contains("Redis refused the credentials") && logged.contains("WRONGPASS"), logged);
        assertFalse(logged.contains(WRONG) || logged.contains(PASSWORD), logged);

        IllegalStateException strict = assertThrows(IllegalStateException.class, () -> check(config("sideline", WRONG, true)));
        assertTrue(strict.getMessage().contains("WRONGPASS"), strict.getMessage());
        assertFalse(strict.getMessage().contains(WRONG), strict.getMessage());

        try (RedisBackend backend = RedisBackend.connect(config("sideline", WRONG, false))) {
            RedisUnavailableException e = assertThrows(RedisUnavailableException.class, backend::ping);
            assertTrue(e.getMessage().contains("refused access") && e.getMessage().contains("WRONGPASS"), e.getMessage());
            assertFalse(e.getMessage().contains(WRONG), e.getMessage());
        }
    }

    @Test
    void anUnreachableRedisIsOnlyAWarningEvenInStrictMode() {
        // startup does not depend on Redis being up: the check is made again at the first contact (StartOrderTest)
        int closedPort;
        try (PrivateRedis gone = PrivateRedis.start()) {
            closedPort = gone.port;
        }
        SidelineConfig config = SidelineConfig.read(Map.of(SidelineConfig.Keys.REDIS_URL, "redis://127.0.0.1:" + closedPort,
                SidelineConfig.Keys.REDIS_STRICT, "true", SidelineConfig.Keys.REDIS_TIMEOUT, "500")::get);
        String logged = assertDoesNotThrow(() -> check(config));
        assertTrue(logged.contains(RedisPosture.UNREACHABLE), logged);
    }
}
