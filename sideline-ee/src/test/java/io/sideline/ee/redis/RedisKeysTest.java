package io.sideline.ee.redis;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.util.JedisClusterCRC16;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** RedisKeys: the README's keyspace for a plain prefix, one cluster slot per hash tag. */
class RedisKeysTest {

    private final RedisKeys plain = new RedisKeys("sideline:", "sl:mem", null);

    private static List<String> every(RedisKeys k) {
        return List.of(k.queue("default"), k.queues(), k.schedule(), k.retry(), k.dead(), k.barrier("b1"),
                k.barrierMembers("b1"), k.run("r1"), k.chain("c1"), k.running(), k.inProgress("w1"), k.process("w1"),
                k.processes(), k.lost("j1"), k.deadSince("w1"), k.memory("r1"));
    }

    @Test
    void withoutATagTheNamesAreTheReadmesKeyspaceSoSidekiqClientsStillInteroperate() {
        assertEquals(List.of("sideline:queue:default", "sideline:queues", "sideline:schedule", "sideline:retry",
                "sideline:dead", "sideline:barrier:b1", "sideline:barrier:b1:members", "sideline:run:r1",
                "sideline:chain:c1", "sideline:running", "sideline:inprogress:w1", "sideline:process:w1",
                "sideline:processes", "sideline:lost:j1", "sideline:dead-since:w1", "sl:mem:r1"), every(plain));
    }

    @Test
    void aTaggedBuilderPutsEveryKeyInTheSlotOfItsTag() {
        RedisKeys tagged = plain.tagged("run-42");
        assertEquals("sideline:{run-42}:queue:default", tagged.queue("default"));
        assertEquals("sl:mem:{run-42}:r1", tagged.memory("r1"));
        Set<Integer> slots = every(tagged).stream().map(JedisClusterCRC16::getSlot).collect(Collectors.toSet());
        assertEquals(Set.of(JedisClusterCRC16.getSlot("run-42")), slots);
    }

    @Test
    void aTagWithBracesIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> plain.tagged("a}b"));
        assertThrows(IllegalArgumentException.class, () -> plain.tagged(""));
    }
}
