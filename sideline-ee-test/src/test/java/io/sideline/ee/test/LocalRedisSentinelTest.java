package io.sideline.ee.test;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class LocalRedisSentinelTest {

    @Test
    void threeSentinelsFollowTheMasterThroughAFailoverAndAllStopByTheirPids() {
        assumeTrue(RedisServerProcess.findOnPath().isPresent(), "no redis-server on the PATH");
        RedisCli cli = RedisCli.besides(RedisServerProcess.findOnPath().orElseThrow());
        List<RedisServerProcess> all = new ArrayList<>();
        try (LocalRedisSentinel setup = LocalRedisSentinel.start()) {
            all.addAll(setup.servers());
            all.addAll(setup.sentinels());
            RedisServerProcess first = setup.servers().get(0);
            assertSame(first, setup.master());
            assertTrue(setup.url().endsWith("/" + LocalRedisSentinel.MASTER_NAME), setup.url());
            assertTrue(cli.ask(setup.sentinels().get(2).port(), "SENTINEL", "MASTER", LocalRedisSentinel.MASTER_NAME)
                    .contains("num-other-sentinels\n2"), "each Sentinel knows the two others");
            assertEquals("OK", cli.ask(first.port(), "SET", "order-7", "paid").trim());

            RedisServerProcess promoted = setup.failover();

            assertNotSame(first, promoted);
            assertSame(promoted, setup.master());
            assertEquals("paid", cli.ask(promoted.port(), "GET", "order-7").trim(), "the replica had the write");
            assertTrue(cli.ask(first.port(), "INFO", "replication").contains("role:slave"),
                    "the old master follows the new one");
        }
        for (RedisServerProcess process : all) {
            assertFalse(ProcessHandle.of(process.pid()).map(ProcessHandle::isAlive).orElse(false),
                    "port " + process.port() + " stopped");
            assertFalse(java.nio.file.Files.exists(process.dir()), "its temporary directory deleted");
        }
    }
}
