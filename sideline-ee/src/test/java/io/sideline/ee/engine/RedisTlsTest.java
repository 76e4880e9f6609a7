package io.sideline.ee.engine;

import io.sideline.ee.RedisUnavailableException;
import io.sideline.ee.RunState;
import io.sideline.ee.RunStatus;
import io.sideline.ee.config.SidelineConfig;
import io.sideline.ee.health.RedisReadinessCheck;
import io.sideline.ee.testing.LogCapture;
import io.sideline.ee.testing.PrivateRedis;
import io.sideline.ee.testing.SidelineAcl;
import io.sideline.ee.testing.TestCertificates;
import io.sideline.ee.testing.TestHealth;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static io.sideline.ee.Sideline.chain;
import static io.sideline.ee.Sideline.group;
import static io.sideline.ee.Sideline.job;
import static io.sideline.ee.Sideline.withDelay;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 4, "Redis posture": workflows over TLS, on a private TLS-only redis-server ({@code --port 0})
 * with a throwaway CA made at test time, as the least-privilege ACL user with a password. Trust comes
 * from {@code sideline.redis.truststore} (PEM or PKCS12) or from the JVM's default SSLContext, which one
 * test replaces and restores: tests run one after another in this JVM (no JUnit parallelism is
 * configured) and no other test opens TLS connections, so the swap cannot leak into another test.
 */
class RedisTlsTest {

    private static final String PASSWORD = "tls-Pw-0e4b";
    private static final String STORE_PASSWORD = "store-Pw-93aa";
    private static TestCertificates certs;
    private static PrivateRedis server;
    private static PrivateRedis wrongName;

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(PrivateRedis.supportsTls(),
                "redis-server on PATH was built without TLS support: the TLS tests need one that has it (Debian's has)");
        TestHealth.install();
        certs = TestCertificates.create();
        Path[] good = certs.server("redis", "IP:127.0.0.1,DNS:localhost");
        Path[] bad = certs.server("elsewhere", "DNS:elsewhere.example");
        server = PrivateRedis.startTls(good[0], good[1], certs.caCert);
        wrongName = PrivateRedis.startTls(bad[0], bad[1], certs.caCert);
        try (var boot = new redis.clients.jedis.Jedis(new redis.clients.jedis.HostAndPort("127.0.0.1", server.port),
                redis.clients.jedis.DefaultJedisClientConfig.builder().ssl(true)
                        .sslSocketFactory(trustingTheCa().getSocketFactory()).build())) {
            boot.aclSetUser("sideline", SidelineAcl.rules(PASSWORD));
            boot.aclSetUser("default", "reset", "off");
        }
    }

    @AfterAll
    static void stop() {
        for (PrivateRedis redis : new PrivateRedis[]{server, wrongName}) {
            if (redis != null) {
                redis.close();
            }
        }
        if (certs != null) {
            certs.close();
        }
    }

    private static SSLContext trustingTheCa() {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(java.security.KeyStore.getInstance(certs.pkcs12Truststore(STORE_PASSWORD).toFile(),
                    STORE_PASSWORD.toCharArray()));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> settings(String url, String... pairs) {
        Map<String, String> settings = new HashMap<>(Map.of(SidelineConfig.Keys.REDIS_URL, url));
        for (int i = 0; i < pairs.length; i += 2) {
            settings.put(pairs[i], pairs[i + 1]);
        }
        return settings;
    }

    private static String secureUrl(int port) {
        return "rediss://sideline:" + PASSWORD + "@127.0.0.1:" + port;
    }

    /** Starts an engine, runs a workflow to success, checks readiness. */
    private static void runsAWorkflow(Map<String, String> settings) {
        try (LogCapture logs = new LogCapture()) {
            try (TestEngine engine = TestEngine.startOn(settings, "sideline:", RedisReadinessCheck.class)) {
                var workflow = chain(job(Rec.class, "A"), group(job(Rec.class, "B"), withDelay(job(Rec.class, "C"), 50)),
                        job("Remember", Map.of("name", "Tls")), job("Greet"));
                String runId = engine.workflows().run(workflow);
                RunStatus status = Await.value("run " + runId + " ends", Duration.ofSeconds(20),
                        () -> engine.workflows().status(runId).orElseThrow(), s -> s.state() != RunState.RUNNING);
                assertEquals(RunState.SUCCEEDED, status.state());
                assertEquals("Hello, Tls", engine.workflows().memory().readAll(runId).get("message"));
                HealthCheckResponse ready = engine.bean(RedisReadinessCheck.class, Readiness.Literal.INSTANCE).call();
                assertEquals(HealthCheckResponse.Status.UP, ready.getStatus(), TestHealth.render(ready));
            }
            assertFalse(logs.text().contains(PASSWORD) || logs.text().contains(STORE_PASSWORD), logs.text());
        }
    }

    @Test
    void aWorkflowRunsOverRedissTrustingAPemCaFile() {
        runsAWorkflow(settings(secureUrl(server.port), SidelineConfig.Keys.REDIS_TRUSTSTORE, certs.caCert.toString()));
    }

    @Test
    void aWorkflowRunsOverRedisWithTheTlsKeyTrustingAPkcs12TruststoreWithItsPassword() {
        runsAWorkflow(settings("redis://sideline:" + PASSWORD + "@127.0.0.1:" + server.port,
                SidelineConfig.Keys.REDIS_TLS, "true",
                SidelineConfig.Keys.REDIS_TRUSTSTORE, certs.pkcs12Truststore(STORE_PASSWORD).toString(),
                SidelineConfig.Keys.REDIS_TRUSTSTORE_PASSWORD, STORE_PASSWORD));
    }

    @Test
    void withoutATruststoreKeyTheJvmsDefaultSslContextDecides() throws Exception {
        // Without trust in the test CA: refused, as a typed error naming the cause
        Map<String, String> enqueueOnly = settings(secureUrl(server.port), SidelineConfig.Keys.WORKER_ENABLED, "false");
        try (TestEngine engine = TestEngine.startOn(enqueueOnly, "sideline:")) {
            RedisUnavailableException e = assertThrows(RedisUnavailableException.class,
                    () -> engine.workflows().run(job(Rec.class, "A")));
            assertTrue(e.getMessage().contains("PKIX") || e.getMessage().contains("certification path"), e.getMessage());
        }
        // What an operator does with javax.net.ssl.trustStore or Liberty's SSL configuration: a default that trusts it
        SSLContext original = SSLContext.getDefault();
        SSLContext.setDefault(trustingTheCa());
        try {
            runsAWorkflow(settings(secureUrl(server.port)));
        } finally {
            SSLContext.setDefault(original);
        }
    }

    @Test
    void aCertificateForAnotherHostIsRefusedThoughItsCaIsTrusted() {
        Map<String, String> enqueueOnly = settings(secureUrl(wrongName.port), SidelineConfig.Keys.WORKER_ENABLED, "false",
                SidelineConfig.Keys.REDIS_TRUSTSTORE, certs.caCert.toString());
        try (TestEngine engine = TestEngine.startOn(enqueueOnly, "sideline:")) {
            RedisUnavailableException e = assertThrows(RedisUnavailableException.class,
                    () -> engine.workflows().run(job(Rec.class, "A")));
            assertTrue(e.getMessage().contains("127.0.0.1") && e.getMessage().contains("subject alternative names"),
                    e.getMessage());
        }
    }

    @Test
    void aMissingOrUnreadableTruststoreStopsStartupNamingTheKeyButNotThePassword() {
        for (String file : new String[]{certs.dir.resolve("nothing-here").toString(), certs.dir.resolve("redis.ext").toString()}) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> TestEngine.startOn(settings(secureUrl(server.port),
                    SidelineConfig.Keys.REDIS_TRUSTSTORE, file, SidelineConfig.Keys.REDIS_TRUSTSTORE_PASSWORD, STORE_PASSWORD),
                    "sideline:").close());
            String all = "";
            for (Throwable t = e; t != null; t = t.getCause()) {
                all += t + "\n";
            }
            assertTrue(all.contains(SidelineConfig.Keys.REDIS_TRUSTSTORE) && all.contains(file), all);
            assertFalse(all.contains(STORE_PASSWORD) || all.contains(PASSWORD), all);
        }
        // a wrong keystore password is reported as such
        RuntimeException e = assertThrows(RuntimeException.class, () -> TestEngine.startOn(settings(secureUrl(server.port),
                SidelineConfig.Keys.REDIS_TRUSTSTORE, certs.pkcs12Truststore(STORE_PASSWORD).toString(),
                SidelineConfig.Keys.REDIS_TRUSTSTORE_PASSWORD, "not-" + STORE_PASSWORD), "sideline:").close());
        String all = "";
        for (Throwable t = e; t != null; t = t.getCause()) {
            all += t + "\n";
        }
        assertTrue(all.contains("password"), all);
    }
}
