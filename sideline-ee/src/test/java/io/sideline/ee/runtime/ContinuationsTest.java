package io.sideline.ee.runtime;

import io.sideline.ee.codec.ArgsJson;
import io.sideline.ee.codec.JobPayload;
import io.sideline.ee.codec.PayloadCodec;
import io.sideline.ee.codec.WorkflowJson;
import io.sideline.ee.model.Group;
import io.sideline.ee.model.Job;
import io.sideline.ee.model.Step;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Planning a continuation: the runs of one workflow share their continuations' texts, parsed once. */
class ContinuationsTest {

    private final WorkflowJson json = new WorkflowJson();
    private final Map<String, Continuation> barriers = new HashMap<>();
    private final AtomicInteger parses = new AtomicInteger();
    private final Function<String, Step> countingParse = text -> {
        parses.incrementAndGet();
        return json.parse(text);
    };
    private final BarrierStore store = new BarrierStore() {
        @Override
        public Optional<Continuation> continuation(String barrierId) {
            return Optional.ofNullable(barriers.get(barrierId));
        }

        @Override
        public Optional<String> chainStep(ChainRef ref) {
            return Optional.empty();
        }

        @Override
        public long extendTtl(List<String> barrierIds, long ttlSeconds) {
            return 0;
        }
    };
    private final Continuations continuations = new Continuations(store, countingParse, new Planner(json::format,
            new ArgsJson(), new PayloadCodec(), "default", () -> 1_700_000_000_000L, 1024 * 1024));

    private Plan planFor(String runId, String barrierId) {
        JobPayload finished = JobPayload.builder("A", "[]", "jid-" + runId, "default").run(runId, List.of(barrierId))
                .build();
        return continuations.levelsFor(finished).get(0).continuation();
    }

    @Test
    void theSameContinuationTextOfManyRunsIsParsedOnceAndPlannedForEach() {
        String tree = json.format(Group.of(Job.named("G0", "x"), Job.named("G1", "y")));
        barriers.put("b-run-1", new Continuation.Tree(tree));
        barriers.put("b-run-2", new Continuation.Tree(new String(tree))); // another run's copy of the same text
        Plan first = planFor("run-1", "b-run-1");
        Plan second = planFor("run-2", "b-run-2");
        assertEquals(1, parses.get(), "one parse for both runs");
        assertEquals(2, first.jobs().size());
        assertEquals(2, second.jobs().size());
        assertNotEquals(first.jobs().get(0).payload(), second.jobs().get(0).payload(), "each run's own jobs");
        assertEquals(List.of("G0", "G1"), second.jobs().stream().map(j -> j.payload().substring(10, 12)).toList());
    }

    @Test
    void aLongContinuationIsParsedEachTimeItIsPlanned() {
        String tree = json.format(Job.named("Big", "x".repeat(5_000)));
        barriers.put("b-run-1", new Continuation.Tree(tree));
        barriers.put("b-run-2", new Continuation.Tree(tree));
        planFor("run-1", "b-run-1");
        planFor("run-2", "b-run-2");
        assertEquals(2, parses.get(), "texts over 4,096 chars are not kept");
    }
}
