package io.sideline.ee.redis;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.sideline.ee.redis.ScriptFixture.barrier;
import static io.sideline.ee.redis.ScriptFixture.payload;
import static io.sideline.ee.redis.ScriptFixture.plan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** extend_ttl.lua: refreshes the TTL of barriers that still exist and never recreates one, on a real Redis. */
class ExtendTtlScriptTest {

    private static final long LONGER = 50_000;

    private final ScriptFixture f = new ScriptFixture();

    @AfterEach
    void close() {
        f.close();
    }

    private void assertTtlNear(long expected, String key) {
        long ttl = f.redis.ttl(key);
        assertTrue(ttl > expected - 5 && ttl <= expected, key + " TTL was " + ttl);
    }

    @Test
    void existingBarriersAndTheirMemberSetsGetTheNewTtl() {
        f.launch("run-1", plan(List.of(barrier("root", 1, false, "", true), barrier("g", 2, true, "", false)), List.of()), 2);
        String a = payload("jA", "default");
        f.fetched(a);
        assertEquals(io.sideline.ee.runtime.Completion.done(0, null, false), f.complete(a, "jA", "g", "", "root", "")); // g now has a member set
        assertTtlNear(ScriptFixture.BARRIER_TTL, f.keys.barrier("g"));

        assertEquals(2, f.scripts.extendTtl(List.of("root", "g"), LONGER));

        assertTtlNear(LONGER, f.keys.barrier("root"));
        assertTtlNear(LONGER, f.keys.barrier("g"));
        assertTtlNear(LONGER, f.keys.barrierMembers("g"));
        assertFalse(f.redis.exists(f.keys.barrierMembers("root")), "a member set is not created by a refresh");
    }

    @Test
    void theChainABarrierRefersToGetsTheNewTtlToo() {
        String ref = new io.sideline.ee.runtime.ChainRef("ch-1", 0, 2).text();
        f.launch("run-1", new io.sideline.ee.runtime.Plan(List.of(barrier("root", 1, false, "", true),
                barrier("c", 1, false, ref, false)), List.of(),
                List.of(new io.sideline.ee.runtime.Plan.ChainSpec("ch-1", List.of("{\"job\":\"B\"}", "{\"job\":\"C\"}")))), 3);
        assertTtlNear(ScriptFixture.BARRIER_TTL, f.keys.chain("ch-1"));

        assertEquals(1, f.scripts.extendTtl(List.of("c"), LONGER));

        assertTtlNear(LONGER, f.keys.chain("ch-1"));
    }

    @Test
    void aMissingBarrierIsNotRecreatedAndNotCounted() {
        f.launch("run-1", plan(List.of(barrier("root", 1, false, "", true)), List.of()), 1);

        assertEquals(1, f.scripts.extendTtl(List.of("gone", "root"), LONGER));

        assertFalse(f.redis.exists(f.keys.barrier("gone")));
        assertFalse(f.redis.exists(f.keys.barrierMembers("gone")));
        assertTtlNear(LONGER, f.keys.barrier("root"));
    }

    @Test
    void theMembersOfABarrierThatIsGoneAreNotRefreshed() {
        f.launch("run-1", plan(List.of(barrier("root", 1, false, "", true), barrier("g", 2, true, "", false)), List.of()), 2);
        String a = payload("jA", "default");
        f.fetched(a);
        f.complete(a, "jA", "g", "", "root", "");
        long membersTtl = f.redis.ttl(f.keys.barrierMembers("g"));
        f.redis.del(f.keys.barrier("g")); // as if it had expired just before its member set

        assertEquals(0, f.scripts.extendTtl(List.of("g"), LONGER));

        assertFalse(f.redis.exists(f.keys.barrier("g")));
        assertTrue(f.redis.ttl(f.keys.barrierMembers("g")) <= membersTtl, "member set TTL not extended");
    }

    @Test
    void noBarrierIdsRefreshNothing() {
        assertEquals(0, f.scripts.extendTtl(List.of(), LONGER));
        assertTrue(f.redis.keys(f.prefix + "*").isEmpty());
    }
}
