package io.sideline.ee.engine;

import io.sideline.ee.RunState;
import io.sideline.ee.RunStatus;
import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.health.RedisReadinessCheck;
import io.sideline.ee.model.Step;
import io.sideline.ee.testing.LogCapture;
import io.sideline.ee.testing.PrivateRedis;
import io.sideline.ee.runtime.ScriptBudget;
import io.sideline.ee.testing.SidelineAcl;
import io.sideline.ee.testing.TestHealth;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;

import static io.sideline.ee.Sideline.chain;
import static io.sideline.ee.Sideline.group;
import static io.sideline.ee.Sideline.job;
import static io.sideline.ee.Sideline.withDelay;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 4, "Redis posture": sideline-ee works under a least-privilege ACL user that may touch only its
 * key prefixes and run only the commands of {@link SidelineAcl}, on a private Redis whose {@code default}
 * user is disabled. Redis records every refused command or key in {@code ACL LOG}; an empty log after
 * whole workflows (chains, groups, delays, memory, a retry and a job that dies) proves the rule suffices,
 * and the negative control shows that a key outside the prefixes would be refused and logged.
 */
class RedisAclTest {

    private static final String PASSWORD = "acl-test-Pw-5b1e";
    private static final String ADMIN_PASSWORD = "acl-admin-Pw-77c2";
    private static PrivateRedis server;
    private static Jedis admin;

    @BeforeAll
    static void start() {
        server = PrivateRedis.start();
        try (Jedis boot = client(null, null)) {
            boot.aclSetUser("admin", "on", ">" + ADMIN_PASSWORD, "~*", "&*", "+@all");
            boot.aclSetUser("sideline", SidelineAcl.rules(PASSWORD));
            boot.aclSetUser("default", "reset", "off");
        }
        admin = client("admin", ADMIN_PASSWORD);
    }

    @AfterAll
    static void stop() {
        if (admin != null) {
            admin.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void cleanSlate() {
        admin.flushAll();
        admin.aclLogReset();
    }

    private static Jedis client(String user, String password) {
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder().socketTimeoutMillis(10_000);
        if (user != null) {
            config.user(user).password(password);
        }
        return new Jedis(new HostAndPort("127.0.0.1", server.port), config.build());
    }

    private static Map<String, String> asSidelineUser(String... more) {
        Map<String, String> settings = new java.util.HashMap<>(Map.of(
                SidelineConfig.Keys.REDIS_URL, "redis://sideline:" + PASSWORD + "@127.0.0.1:" + server.port,
                SidelineConfig.Keys.RETRY_MAX, "1",
                SidelineConfig.Keys.MEMORY_TTL, "120"));
        for (int i = 0; i < more.length; i += 2) {
            settings.put(more[i], more[i + 1]);
        }
        return settings;
    }

    private static RunStatus runToEnd(TestEngine engine, Step workflow) {
        String runId = engine.workflows().run(workflow);
        return Await.value("run " + runId + " ends", Duration.ofSeconds(20),
                () -> engine.workflows().status(runId).orElseThrow(), s -> s.state() != RunState.RUNNING);
    }

    @Test
    void theSecurityPageGivesOperatorsExactlyThisRule() throws java.io.IOException {
        String readme = java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "security.md"));
        String rule = "ACL SETUSER sideline " + String.join(" ", SidelineAcl.rules("CHANGE-ME"));
        assertTrue(readme.contains(rule + "\n"), "docs/security.md should give: " + rule);
    }

    @Test
    void theDefaultUserCannotDoAnything() {
        try (Jedis anonymous = client(null, null)) {
            JedisException e = assertThrows(JedisException.class, anonymous::ping);
            assertTrue(e.getMessage().contains("NOAUTH"), e.getMessage());
        }
    }

    @Test
    void wholeWorkflowsSucceedUnderTheLeastPrivilegeUserAndTouchOnlyItsKeyPatterns() {
        Step workflow = chain(job(Rec.class, "A"), group(job(Rec.class, "B"), chain(job(Rec.class, "C"), job(Rec.class, "D"))),
                withDelay(job(Rec.class, "E"), 100), withDelay(group(job(Rec.class, "F"), job(Rec.class, "G")), 50));
        List<String> runIds = new java.util.ArrayList<>();
        String withMemory;
        try (LogCapture logs = new LogCapture()) {
            try (TestEngine engine = TestEngine.startOn(asSidelineUser(), "sideline:", RedisReadinessCheck.class)) {
                TestHealth.install();
                HealthCheckResponse ready = engine.bean(RedisReadinessCheck.class, Readiness.Literal.INSTANCE).call(); // PING
                assertEquals(HealthCheckResponse.Status.UP, ready.getStatus(), TestHealth.render(ready));
                RunStatus status = runToEnd(engine, workflow);
                assertEquals(RunState.SUCCEEDED, status.state(), status.toString());
                DagAssert.assertRespects(workflow, engine.log().of(status.runId()));
                runIds.add(status.runId());

                // the run memory (sl:mem:<run>), typed jobs hydrated from it, and a job that succeeds on its retry
                RunStatus remembered = runToEnd(engine, chain(job("Remember", Map.of("name", "Ada")), job("Greet"),
                        job("Flaky", "H", 1)));
                assertEquals(RunState.SUCCEEDED, remembered.state(), remembered.toString());
                withMemory = remembered.runId();
                assertEquals("Hello, Ada", engine.workflows().memory().readAll(withMemory).get("message"));
                runIds.add(withMemory);

                // a group whose continuation is too big for one call: staged, then committed by the group's last
                // member (complete.lua's staged check asked SISMEMBER until 2026-12-05, a command the rule does not grant)
                Step[] big = new Step[ScriptBudget.MAX_ELEMENTS + 1];
                java.util.Arrays.setAll(big, i -> job(Rec.class, "S" + i));
                RunStatus staged = runToEnd(engine, chain(group(job(Rec.class, "K1"), job(Rec.class, "K2")), group(big)));
                assertEquals(RunState.SUCCEEDED, staged.state(), staged.toString());
                runIds.add(staged.runId());

                // a workflow's first job (its graph's node 0) failing once, and a run's callback: fail.lua's look at a
                // one-job run's graph (HEXISTS), the callbacks' note (HSETNX), both refused under the rule until
                // 2026-12-05 (SidelineAclTest checks the scripts' commands on every path)
                String called = engine.workflows().run(io.sideline.ee.Sideline.workflow(
                        chain(job("Flaky", "F0", 1), job(Rec.class, "F1"))).onComplete(job(Rec.class, "called back")));
                RunStatus calledBack = Await.value("run " + called + " and its callback end", Duration.ofSeconds(20),
                        () -> engine.workflows().status(called).orElseThrow(),
                        st -> st.state() != RunState.RUNNING && st.callbacks() == RunState.SUCCEEDED);
                assertEquals(RunState.SUCCEEDED, calledBack.state(), calledBack.toString());
                runIds.add(called);

                // a job that keeps failing goes to the dead set: fail.lua's retry and dead paths, trimming included
                RunStatus dead = runToEnd(engine, chain(job(Rec.class, "I"), job("Flaky", "J", 5)));
                assertEquals(RunState.FAILED, dead.state(), dead.toString());
                runIds.add(dead.runId());

                // the operators' queries (SidelineAdmin) and a queue pause run under the same rule
                io.sideline.ee.SidelineAdmin queries = engine.bean(io.sideline.ee.SidelineAdmin.class);
                assertEquals(List.of(dead.runId()), queries.runs(RunState.FAILED, 10, null).items().stream()
                        .map(RunStatus::runId).toList());
                assertEquals(6, queries.runs(null, 10, null).items().size()); // the callback's run too
                assertEquals(1, queries.jobs(io.sideline.ee.SidelineAdmin.JobSet.DEAD, 10, null).items().size());
                queries.jobs(io.sideline.ee.SidelineAdmin.JobSet.RETRY, 10, null);
                queries.pause("paused-by-acl-test");
                assertTrue(queries.queues().stream().anyMatch(q -> q.name().equals("paused-by-acl-test") && q.paused()));
                queries.resume("paused-by-acl-test");
                assertEquals(1, queries.workers().size());
                queries.stats();
            } // shutdown too (retiring the worker) runs as the ACL user
            // INFO is in the rule: the posture check read the (unsafe) test Redis and said so, rather than "cannot verify"
            String text = logs.text();
            assertTrue(text.contains("appendonly is off"), text);
            assertFalse(text.contains("cannot verify"), text);
            assertTrue(logs.records().stream().noneMatch(r -> r.getLevel().intValue() >= Level.SEVERE.intValue()), text);
        }

        assertEquals(List.of(), admin.aclLog(), "Redis refused something sideline-ee tried (ACL LOG)");
        Set<String> keys = admin.keys("*");
        runIds.forEach(runId -> assertTrue(keys.contains("sideline:run:" + runId), keys.toString()));
        assertTrue(keys.contains("sideline:dead") && keys.contains("sl:mem:" + withMemory), keys.toString());
        for (String key : keys) {
            assertTrue(key.startsWith("sideline:") || key.startsWith("sl:mem:"), "a key outside the ACL patterns: " + key);
        }
    }

    @Test
    void aKeyOutsideThePatternsIsRefusedBeforeTheScriptRuns() {
        // The negative control of the test above: the same rule, a prefix it does not allow. launch.lua is given
        // its keys in KEYS, which Redis checks against the caller's ACL before the script runs.
        try (TestEngine engine = TestEngine.startOn(asSidelineUser(SidelineConfig.Keys.KEY_PREFIX, "other:",
                SidelineConfig.Keys.WORKER_ENABLED, "false"), "other:")) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> engine.workflows().run(job(Rec.class, "A")));
            assertTrue(String.valueOf(e.getMessage()).contains("no permissions to access one of the keys"), e.toString());
        }
        var entries = admin.aclLog();
        assertFalse(entries.isEmpty(), "ACL LOG");
        assertTrue(entries.stream().anyMatch(entry -> "key".equals(entry.getReason())
                && String.valueOf(entry.getObject()).startsWith("other:")), entries.toString());
        assertTrue(admin.keys("other:*").isEmpty(), admin.keys("other:*").toString());
    }
}
