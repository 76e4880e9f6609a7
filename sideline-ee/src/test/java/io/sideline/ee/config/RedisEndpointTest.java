package io.sideline.ee.config;

import io.sideline.ee.config.RedisEndpoint.Kind;
import io.sideline.ee.config.RedisEndpoint.Node;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedisEndpointTest {

    @Test
    void aClusterUrlNamesItsSeedNodesWithTheDefaultPortWhereNoneIsGiven() {
        RedisEndpoint e = RedisEndpoint.parse("redis-cluster://a:7000,b,[::1]:7002");
        assertEquals(Kind.CLUSTER, e.kind());
        assertEquals(List.of(new Node("a", 7000), new Node("b", 6379), new Node("::1", 7002)), e.nodes());
        assertFalse(e.tls());
        assertNull(e.masterName());
        assertTrue(RedisEndpoint.parse("rediss-cluster://a:7000").tls());
    }

    @Test
    void aSentinelUrlNamesTheSentinelsTheMasterAndTheMastersCredentials() {
        RedisEndpoint e = RedisEndpoint.parse("rediss-sentinel://app:p%40ss+w@s1:26380,s2/orders-master");
        assertEquals(Kind.SENTINEL, e.kind());
        assertEquals(List.of(new Node("s1", 26380), new Node("s2", 26379)), e.nodes());
        assertEquals("orders-master", e.masterName());
        assertEquals("app", e.user());
        assertEquals("p@ss+w", e.password());
        assertTrue(e.tls());
        assertFalse(e.toString().contains("p@ss"), e.toString());
    }

    @Test
    void badUrlsAreRefusedNamingTheKeyAndTheReasonButNeverThePassword() {
        Map<String, String> cases = Map.of(
                "redis-sentinel://u:hunter2@s1:26379", "/<master-name>",
                "redis-sentinel://u:hunter2@s1:26379/", "/<master-name>",
                "redis-cluster://u:hunter2@a:7000/3", "takes no path",
                "redis-cluster://u:hunter2@a:notaport", "port of host 1",
                "redis-cluster://u:hunter2@a:7000,,b:7001", "host 2 of the list is empty",
                "redis-cluster://u:hunter2@a:70000", "1 to 65535",
                "memcached://u:hunter2@a:1", "must start with redis://",
                "redis-sentinel://u:hunter2%zz@s1/m", "%-escape");
        cases.forEach((url, reason) -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RedisEndpoint.parse(url));
            assertTrue(e.getMessage().startsWith(SidelineConfig.Keys.REDIS_URL), e.getMessage());
            assertTrue(e.getMessage().contains(reason), url + " -> " + e.getMessage());
            assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        });
    }

    @Test
    void theConfigurationAcceptsClusterAndSentinelUrlsAndDescribesThemWithoutThePassword() {
        SidelineConfig sentinel = SidelineConfig.read(Map.of(SidelineConfig.Keys.REDIS_URL,
                "redis-sentinel://:hunter2@s1:26379,s2:26379/m")::get);
        assertEquals("redis-sentinel://:***@s1:26379,s2:26379/m", sentinel.redis().describe());
        assertFalse(sentinel.toString().contains("hunter2"));
        assertFalse(sentinel.redis().usesTls());
        assertTrue(SidelineConfig.read(Map.of(SidelineConfig.Keys.REDIS_URL, "rediss-cluster://a:7000")::get)
                .redis().usesTls());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SidelineConfig.read(
                Map.of(SidelineConfig.Keys.REDIS_URL, "redis-sentinel://:hunter2@s1:26379")::get));
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }
}
