package io.sideline.ee.engine;

import io.sideline.ee.RunState;
import io.sideline.ee.RunStatus;
import io.sideline.ee.cdi.RunningWorker;
import io.sideline.ee.worker.Worker;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

import java.time.Duration;
import java.util.Map;

import static io.sideline.ee.Sideline.job;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A zombie worker: alive, but its heartbeat expired (a long GC pause, SIGSTOP), so a reaper handed its job
 * to another worker. When the zombie wakes up and finishes, its completion is fenced: the winner's
 * completion and memory values stand, and the run counts the job once.
 */
class ZombieTest {

    @Test
    void theLateCompletionOfAWorkerWhoseJobWasHandedOverIsFenced() {
        // the default barrier, pinned: under -Dsideline.test.barrier-type=at-most-once the guarantee does not hold
        Outcome outcome = zombieCompletesLast("atomic");

        assertEquals(RunState.SUCCEEDED, outcome.status().state());
        assertEquals(Map.of("by", outcome.winnerId()), outcome.memory(), "the fenced zombie wrote nothing");
        assertEquals(1, outcome.status().jobsDone());
    }

    /**
     * The seed's barrier does not fence: the zombie's memory write (made before the barrier is asked) replaces the
     * winner's. Why the README's Guarantees table gives zombie fencing to the default barrier only.
     */
    @Test
    void theSeedsBarrierLetsTheZombiesLateMemoryWriteWin() {
        Outcome outcome = zombieCompletesLast("at-most-once");

        assertEquals(Map.of("by", outcome.zombieId()), outcome.memory(), "the zombie's late write won");
    }

    private record Outcome(String zombieId, String winnerId, RunStatus status, Map<String, Object> memory) {
    }

    private static Outcome zombieCompletesLast(String barrierType) {
        try (TestEngine zombie = TestEngine.start(Map.of("sideline.concurrency", "1", "sideline.barrier.type", barrierType,
                "sideline.heartbeat.interval-ms", "60000", "sideline.heartbeat.ttl-ms", "125000"))) {
            String zombieId = zombie.bean(RunningWorker.class).current().orElseThrow().id();
            // The zombie works 8 s, the winner 0.3 s: the zombie completes last, when fencing matters.
            String runId = zombie.workflows().run(job(Holder.class, zombieId, 8_000L, 300L));
            try (RedisClient redis = zombie.redis()) {
                Await.until("the zombie holds the job", Duration.ofSeconds(5),
                        () -> redis.llen(zombie.prefix + "inprogress:" + zombieId) == 1);
                try (TestEngine winner = TestEngine.join(zombie, Map.of("sideline.barrier.type", barrierType))) {
                    String winnerId = winner.bean(RunningWorker.class).current().orElseThrow().id();
                    // The zombie is frozen: its heartbeat expires and is not renewed until the winner's reaper acts.
                    Await.until("the winner's reaper took the zombie's job", Duration.ofSeconds(6), () -> {
                        redis.del(zombie.prefix + "process:" + zombieId);
                        return redis.llen(zombie.prefix + "inprogress:" + zombieId) == 0;
                    });
                    RunStatus status = Await.value("the run ends", Duration.ofSeconds(10),
                            () -> winner.workflows().status(runId).orElseThrow(), s -> s.state() != RunState.RUNNING);
                    Worker zombieWorker = zombie.bean(RunningWorker.class).current().orElseThrow();
                    Await.until("the zombie finished its copy and tried to complete it", Duration.ofSeconds(10),
                            () -> zombieWorker.processedJobs() == 1);
                    return new Outcome(zombieId, winnerId, winner.workflows().status(runId).orElseThrow(),
                            winner.workflows().memory().readAll(runId));
                }
            }
        }
    }
}
