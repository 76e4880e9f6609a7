package io.sideline.ee.engine;

import io.sideline.ee.RedisUnavailableException;
import io.sideline.ee.RunState;
import io.sideline.ee.RunStatus;
import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.health.RedisReadinessCheck;
import io.sideline.ee.health.WorkerLivenessCheck;
import io.sideline.ee.testing.LogCapture;
import io.sideline.ee.testing.PrivateRedis;
import io.sideline.ee.testing.SidelineAcl;
import io.sideline.ee.testing.TestHealth;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static io.sideline.ee.Sideline.chain;
import static io.sideline.ee.Sideline.group;
import static io.sideline.ee.Sideline.job;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 4, "Redis posture": passwords work from the URL and from {@code sideline.redis.user} /
 * {@code sideline.redis.password}, both for {@code requirepass} (the default user) and an ACL user; a
 * wrong one is a typed error; and no password ever shows in an exception, the readiness output or any
 * log record of startup, failure and shutdown (every java.util.logging record, FINE included).
 */
class RedisPasswordTest {

    /** requirepass: the default user's password. Characters a URL parser may stumble over, on purpose. */
    private static final String DEFAULT_PASSWORD = "Req-Pw_9d1f!x";
    private static final String USER_PASSWORD = "User-Pw_4a7e";
    private static final String WRONG_PASSWORD = "Wrong-Pw_b52c";
    private static PrivateRedis server;

    @BeforeAll
    static void start() {
        TestHealth.install();
        server = PrivateRedis.start("--requirepass", DEFAULT_PASSWORD);
        try (Jedis boot = new Jedis(new HostAndPort("127.0.0.1", server.port),
                DefaultJedisClientConfig.builder().password(DEFAULT_PASSWORD).build())) {
            boot.aclSetUser("sideline", SidelineAcl.rules(USER_PASSWORD));
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private LogCapture logs;

    @BeforeEach
    void capture() {
        logs = new LogCapture();
    }

    @org.junit.jupiter.api.AfterEach
    void noPasswordWasLogged() {
        logs.close();
        String text = logs.text();
        assertFalse(logs.records().isEmpty(), "nothing was logged: the check below would prove nothing");
        for (String password : new String[]{DEFAULT_PASSWORD, USER_PASSWORD, WRONG_PASSWORD}) {
            assertFalse(text.contains(password), "a password in the log:\n" + text);
        }
    }

    private static String hostPort() {
        return "127.0.0.1:" + server.port;
    }

    private static Map<String, String> settings(String... pairs) {
        Map<String, String> settings = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            settings.put(pairs[i], pairs[i + 1]);
        }
        return settings;
    }

    /** Starts an engine, runs a workflow to success, checks readiness; returns the readiness output. */
    private static String runsAWorkflow(Map<String, String> settings) {
        try (TestEngine engine = TestEngine.startOn(settings, "sideline:", RedisReadinessCheck.class)) {
            var workflow = chain(job(Rec.class, "A"), group(job(Rec.class, "B"), job(Rec.class, "C")));
            String runId = engine.workflows().run(workflow);
            RunStatus status = Await.value("run " + runId + " ends", Duration.ofSeconds(20),
                    () -> engine.workflows().status(runId).orElseThrow(), s -> s.state() != RunState.RUNNING);
            assertEquals(RunState.SUCCEEDED, status.state());
            HealthCheckResponse ready = engine.bean(RedisReadinessCheck.class, Readiness.Literal.INSTANCE).call();
            assertEquals(HealthCheckResponse.Status.UP, ready.getStatus(), TestHealth.render(ready));
            return TestHealth.render(ready);
        }
    }

    @Test
    void theRequirepassPasswordInTheUrlWorks() {
        String health = runsAWorkflow(settings(SidelineConfig.Keys.REDIS_URL, "redis://:" + DEFAULT_PASSWORD + "@" + hostPort()));
        assertTrue(health.contains("redis://:***@" + hostPort()) && !health.contains(DEFAULT_PASSWORD), health);
    }

    @Test
    void theAclUserAndPasswordInTheUrlWork() {
        String health = runsAWorkflow(settings(SidelineConfig.Keys.REDIS_URL, "redis://sideline:" + USER_PASSWORD + "@" + hostPort()));
        assertTrue(health.contains("redis://sideline:***@" + hostPort()) && !health.contains(USER_PASSWORD), health);
    }

    @Test
    void theUserAndPasswordKeysWorkAndWinOverTheUrl() {
        runsAWorkflow(settings(SidelineConfig.Keys.REDIS_URL, "redis://" + hostPort(),
                SidelineConfig.Keys.REDIS_PASSWORD, DEFAULT_PASSWORD));
        String health = runsAWorkflow(settings(SidelineConfig.Keys.REDIS_URL, "redis://nobody:" + WRONG_PASSWORD + "@" + hostPort(),
                SidelineConfig.Keys.REDIS_USER, "sideline", SidelineConfig.Keys.REDIS_PASSWORD, USER_PASSWORD));
        assertFalse(health.contains(USER_PASSWORD) || health.contains(WRONG_PASSWORD), health);
    }

    /**
     * Refused credentials count as an unavailable Redis everywhere (issue 9, start order): the server deploys and
     * its worker waits (liveness UP, "waiting for Redis", with Redis' WRONGPASS), so that fixing the ACL in Redis
     * is enough, without a redeploy.
     */
    @Test
    void aWrongPasswordLeavesAWorkerServerDeployedAndWaitingWithTypedErrorsWithoutThePassword() {
        try (TestEngine engine = TestEngine.startOn(settings(SidelineConfig.Keys.REDIS_URL,
                "redis://sideline:" + WRONG_PASSWORD + "@" + hostPort()), "sideline:",
                RedisReadinessCheck.class, WorkerLivenessCheck.class)) {
            RedisUnavailableException e = assertThrows(RedisUnavailableException.class,
                    () -> engine.workflows().run(job(Rec.class, "A")));
            assertTrue(e.getMessage().contains("WRONGPASS") && !e.getMessage().contains(WRONG_PASSWORD), e.getMessage());
            HealthCheckResponse ready = engine.bean(RedisReadinessCheck.class, Readiness.Literal.INSTANCE).call();
            assertEquals(HealthCheckResponse.Status.DOWN, ready.getStatus(), TestHealth.render(ready));
            HealthCheckResponse live = engine.bean(WorkerLivenessCheck.class, Liveness.Literal.INSTANCE).call();
            String health = TestHealth.render(ready) + " " + TestHealth.render(live);
            assertEquals(HealthCheckResponse.Status.UP, live.getStatus(), health);
            assertEquals("waiting for Redis", live.getData().orElseThrow().get("state"), health);
            assertTrue(String.valueOf(live.getData().orElseThrow().get("redis")).contains("WRONGPASS"), health);
            assertFalse(health.contains(WRONG_PASSWORD), health);
        }
    }

    @Test
    void aWrongPasswordOnAnEnqueueOnlyServerIsATypedErrorOnUseAndReadinessIsDownWithoutThePassword() {
        for (Map<String, String> wrong : java.util.List.of(
                settings(SidelineConfig.Keys.REDIS_URL, "redis://:" + WRONG_PASSWORD + "@" + hostPort()),
                settings(SidelineConfig.Keys.REDIS_URL, "redis://" + hostPort(), SidelineConfig.Keys.REDIS_USER, "sideline",
                        SidelineConfig.Keys.REDIS_PASSWORD, WRONG_PASSWORD))) {
            wrong.put(SidelineConfig.Keys.WORKER_ENABLED, "false");
            try (TestEngine engine = TestEngine.startOn(wrong, "sideline:", RedisReadinessCheck.class)) {
                RedisUnavailableException e = assertThrows(RedisUnavailableException.class,
                        () -> engine.workflows().run(job(Rec.class, "A")));
                assertTrue(e.getMessage().contains("WRONGPASS"), e.getMessage());
                assertFalse(e.getMessage().contains(WRONG_PASSWORD), e.getMessage());

                HealthCheckResponse ready = engine.bean(RedisReadinessCheck.class, Readiness.Literal.INSTANCE).call();
                String health = TestHealth.render(ready);
                assertEquals(HealthCheckResponse.Status.DOWN, ready.getStatus(), health);
                assertTrue(health.contains("WRONGPASS") && !health.contains(WRONG_PASSWORD), health);
            }
        }
        assertTrue(logs.text().contains("Redis refused the credentials"), logs.text());
    }
}
