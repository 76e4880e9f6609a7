package io.sideline.ee.engine;

import io.sideline.ee.model.Step;
import io.sideline.ee.testing.TestRedis;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static io.sideline.ee.Sideline.chain;
import static io.sideline.ee.Sideline.group;
import static io.sideline.ee.Sideline.job;

/** A measurement tool, not a test (replay/README.md): capture.sh or bench.sh copies it into the library's tests
 * for one run and removes it again. runs shapes between ECHO marks for a MONITOR capture. */
class ScratchCaptureTest {

    @Test
    void capture() throws Exception {
        int n = Integer.getInteger("cap.n", 200);
        TestEngine engine = TestEngine.start(Map.of("sideline.concurrency", System.getProperty("cap.c", "4")));
        try (Jedis mark = new Jedis(URI.create(TestRedis.url()))) {
            // warm-up: every script loaded, JIT warm
            shape(engine, "warm", 50, () -> job(Rec.class, "w"), 1, false);
            shape(engine, "warm", 20, () -> chain(group(members()), job(Rec.class, "f")), 11, false);
            shape(engine, "warm", 20, () -> chain(job(Rec.class, "a"), job(Rec.class, "b"), job(Rec.class, "c"), group(members()), job(Rec.class, "f")), 14, false);
            shape(engine, "warm", 50, () -> job(Rec.class, "w"), 1, true);
            settled(mark, engine.prefix);
            for (String s : System.getProperty("cap.shapes", "one,oneall,wf14,group11").split(",")) {
                mark.echo("MARK-BEGIN-" + s);
                switch (s) {
                    case "one" -> shape(engine, s, n, () -> job(Rec.class, "o"), 1, false);
                    case "oneall" -> shape(engine, s, n, () -> job(Rec.class, "o"), 1, true);
                    case "wf14" -> shape(engine, s, n / 10, () -> chain(job(Rec.class, "a"), job(Rec.class, "b"), job(Rec.class, "c"), group(members()), job(Rec.class, "f")), 14, false);
                    case "group11" -> shape(engine, s, n / 10, () -> chain(group(members()), job(Rec.class, "f")), 11, false);
                    default -> throw new IllegalArgumentException(s);
                }
                settled(mark, engine.prefix); // the last completions have run: every in-progress list is empty
                mark.echo("MARK-END-" + s);
            }
        } finally {
            engine.close();
        }
    }

    private static Step[] members() {
        return IntStream.range(0, 10).mapToObj(i -> (Step) job(Rec.class, "g" + i)).toArray(Step[]::new);
    }

    private static void shape(TestEngine engine, String name, int n, java.util.function.Supplier<Step> tree, int jobs, boolean all) {
        List<String> ids = new ArrayList<>();
        if (all) {
            List<Step> trees = new ArrayList<>();
            for (int i = 0; i < n; i++) trees.add(tree.get());
            ids.addAll(engine.workflows().runAll(trees));
        } else {
            for (int i = 0; i < n; i++) ids.add(engine.workflows().run(tree.get()));
        }
        Await.until(name + " performs every job", java.time.Duration.ofSeconds(120),
                () -> ids.stream().allMatch(id -> engine.log().of(id).size() >= jobs));
    }

    /** Waits until no worker holds a job: the completions of the jobs performed have run too. */
    static void settled(Jedis redis, String prefix) {
        Await.until("the in-progress lists empty", java.time.Duration.ofSeconds(60),
                () -> redis.keys(prefix + "inprogress:*").stream().allMatch(k -> redis.llen(k) == 0));
    }
}
