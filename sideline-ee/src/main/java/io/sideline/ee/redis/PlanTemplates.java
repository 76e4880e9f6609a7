package io.sideline.ee.redis;

import io.sideline.ee.runtime.Lru;
import io.sideline.ee.runtime.Plan;

import java.util.Map;
import java.util.Objects;

/**
 * The written plans of the continuations that a group's members carry, by barrier id. Every member of a group
 * carries its continuation's plan though only the last arrival applies it; the plan is made once per process
 * ({@code Continuations}) and here written once: each member's call fills in the positions of its keys, which
 * differ from member to member (its memory, its prefetch queue). A template serves only the very plan it was
 * written from (a traced member plans its own and gets its own). Bounded; a miss writes the plan again.
 */
final class PlanTemplates {

    /** Enough for the groups waiting on a busy server; a group's template is dropped when the group is released. */
    private static final int ENTRIES = 512;

    private record Entry(Plan plan, String runId, PlanEncoder.Template template) {
    }

    private final RedisKeys keys;
    private final Map<String, Entry> byBarrier = Lru.map(ENTRIES);

    PlanTemplates(RedisKeys keys) {
        this.keys = keys;
    }

    /**
     * The text of {@code plan}, the continuation of {@code barrierId}, for a call that declared {@code declared}; its
     * payloads and chain steps go into the call's {@code tail} (a tailed plan, see {@link PlanEncoder#tailed}).
     */
    String encode(String barrierId, Plan plan, String runId, KeyList declared, ArgTail tail) {
        Entry entry = byBarrier.get(barrierId);
        if (entry == null || entry.plan() != plan || !Objects.equals(entry.runId(), runId)) {
            entry = new Entry(plan, runId, PlanEncoder.tailed(plan, runId, keys, 0));
            byBarrier.put(barrierId, entry);
        }
        return entry.template().fill(declared, tail);
    }

    /** Forgets the plan of a barrier that was released: no member carries it again. */
    void released(String barrierId) {
        byBarrier.remove(barrierId);
    }

    /** How many templates are kept (for tests). */
    int size() {
        return byBarrier.size();
    }
}
