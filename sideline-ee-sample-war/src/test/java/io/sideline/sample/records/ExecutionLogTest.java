package io.sideline.sample.records;

import io.sideline.ee.config.SidelineConfig;
import io.sideline.sample.devredis.TestRedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 9, smaller holes: the sample's records use the library's Redis settings: its key prefix, and its user,
 * password (and TLS). Proven on a Redis whose default user is off and whose only user may touch one prefix.
 */
class ExecutionLogTest {

    private static final String PASSWORD = "Sample-Pw_31c";

    @TempDir
    Path dir;

    @Test
    void recordsAreKeyedUnderTheConfiguredPrefixAndWrittenWithTheConfiguredCredentials() {
        try (TestRedisServer server = TestRedisServer.start(dir)) {
            URI uri = URI.create(server.url());
            HostAndPort address = new HostAndPort(uri.getHost(), uri.getPort());
            try (Jedis admin = new Jedis(address)) {
                admin.aclSetUser("admin", "on", ">admin-pw", "~*", "&*", "+@all");
                admin.aclSetUser("sample", "on", ">" + PASSWORD, "~custom:*", "+@all");
                admin.aclSetUser("default", "off");
            }
            SidelineConfig config = SidelineConfig.read(Map.of(SidelineConfig.Keys.REDIS_URL, server.url(),
                    SidelineConfig.Keys.REDIS_USER, "sample", SidelineConfig.Keys.REDIS_PASSWORD, PASSWORD,
                    SidelineConfig.Keys.KEY_PREFIX, "custom:")::get);
            ExecutionLog log = new ExecutionLog();
            log.config = config;
            log.open();
            try {
                assertEquals(1, log.tick("run-1"));
                log.append("run-1", new ExecutionRecord("T1", "jid-1", 1, 2, 10, 20));

                assertEquals(List.of("T1"), log.list("run-1").stream().map(ExecutionRecord::label).toList());
            } finally {
                log.close();
            }
            try (Jedis admin = new Jedis(address, DefaultJedisClientConfig.builder().user("admin").password("admin-pw")
                    .build())) {
                assertEquals(Set.of("custom:sample:seq:run-1", "custom:sample:records:run-1"), admin.keys("*"));
            }
        }
    }
}
