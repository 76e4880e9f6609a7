package io.sideline.ee.engine;

import io.sideline.ee.SidelineJob;
import io.sideline.ee.model.Step;
import io.sideline.ee.testing.TestRedis;
import jakarta.enterprise.context.ApplicationScoped;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static io.sideline.ee.Sideline.chain;
import static io.sideline.ee.Sideline.group;
import static io.sideline.ee.Sideline.job;

/**
 * A measurement tool, not a test (replay/README.md): bench.sh copies it into the library's tests for one run and
 * removes it again. The benchmark's scenario sequence in Weld, Redis CPU per window, perf on a chosen window.
 */
class ScratchBenchTest {

    static final AtomicLong DONE = new AtomicLong();

    @SidelineJob
    @ApplicationScoped
    public static class BNoop {
        public void perform(String label) {
            DONE.incrementAndGet();
        }
    }

    @Test
    void bench() throws Exception {
        int n = Integer.getInteger("b.n", 20000), w = Integer.getInteger("b.w", 1000);
        String perfWindow = System.getProperty("b.perf", "group11");
        TestEngine engine = TestEngine.startWith(Map.of("sideline.concurrency", "16", "sideline.retry.max", "0"), BNoop.class);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (Jedis r = new Jedis(URI.create(TestRedis.url()))) {
            long pid = Long.parseLong(r.info("server").lines().filter(l -> l.startsWith("process_id:")).findFirst().orElseThrow().substring(11).trim());
            // warm-up
            window(engine, pool, r, "warm-wf14", 100, () -> wf14(), 14, false, null, pid);
            window(engine, pool, r, "warm-one", 20000, () -> job(BNoop.class, "o"), 1, true, null, pid);
            window(engine, pool, r, "warm-each", 20000, () -> job(BNoop.class, "o"), 1, false, null, pid);
            window(engine, pool, r, "warm-jobs", 20000, () -> job(BNoop.class, "j"), 1, true, null, pid, true);
            r.flushDB();
            window(engine, pool, r, "jobs", n, () -> job(BNoop.class, "j"), 1, true, perfWindow, pid, true);
            window(engine, pool, r, "oneall", n, () -> job(BNoop.class, "o"), 1, true, perfWindow, pid);
            window(engine, pool, r, "oneeach", n, () -> job(BNoop.class, "o"), 1, false, perfWindow, pid);
            window(engine, pool, r, "wf14", w, ScratchBenchTest::wf14, 14, false, perfWindow, pid);
            window(engine, pool, r, "group11", w, ScratchBenchTest::group11, 11, false, perfWindow, pid);
            System.out.println("BENCH keys " + r.dbSize());
        } finally {
            pool.shutdownNow();
            engine.close();
        }
    }

    static Step wf14() {
        return chain(job(BNoop.class, "a"), job(BNoop.class, "b"), job(BNoop.class, "c"), group(members()), job(BNoop.class, "f"));
    }

    static Step group11() {
        return chain(group(members()), job(BNoop.class, "f"));
    }

    static Step[] members() {
        return IntStream.range(0, 10).mapToObj(i -> (Step) job(BNoop.class, "g" + i)).toArray(Step[]::new);
    }

    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static double cpu(Jedis r) {
        double s = 0;
        for (String l : r.info("cpu").lines().toList()) {
            if (l.startsWith("used_cpu_sys:") || l.startsWith("used_cpu_user:")) s += Double.parseDouble(l.substring(l.indexOf(':') + 1).trim());
        }
        return s;
    }

    static void window(TestEngine engine, ExecutorService pool, Jedis r, String name, int runs, java.util.function.Supplier<Step> tree,
                       int jobs, boolean all, String perfWindow, long pid) throws Exception {
        window(engine, pool, r, name, runs, tree, jobs, all, perfWindow, pid, false);
    }

    static void window(TestEngine engine, ExecutorService pool, Jedis r, String name, int runs, java.util.function.Supplier<Step> tree,
                       int jobs, boolean all, String perfWindow, long pid, boolean plain) throws Exception {
        long target = DONE.get() + (long) runs * jobs;
        Process perf = null;
        if (name.equals(perfWindow)) {
            perf = new ProcessBuilder("perf", "record", "-e", "cpu-clock", "-F", "4000", "-g", "-p", Long.toString(pid), "-o",
                    System.getProperty("b.perfout", "/tmp/perf.data")).redirectErrorStream(true)
                    .redirectOutput(new java.io.File("/tmp/perf.log")).start(); // attaches within milliseconds
        }
        double c0 = cpu(r);
        long t0 = System.nanoTime();
        long w0 = System.currentTimeMillis();
        long j0 = cpuNanos();
        if (plain) {
            List<io.sideline.ee.model.Job> js = new ArrayList<>();
            for (int i = 0; i < runs; i++) js.add((io.sideline.ee.model.Job) tree.get());
            for (int from = 0; from < runs; from += 1000) {
                engine.workflows().enqueueAll(js.subList(from, Math.min(runs, from + 1000)));
            }
        } else if (all) {
            List<Step> trees = new ArrayList<>();
            for (int i = 0; i < runs; i++) trees.add(tree.get());
            for (int from = 0; from < runs; from += 1000) {
                engine.workflows().runAll(trees.subList(from, Math.min(runs, from + 1000)));
            }
        } else {
            List<java.util.concurrent.Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int tt = t;
                fs.add(pool.submit(() -> { for (int i = tt; i < runs; i += 8) engine.workflows().run(tree.get()); }));
            }
            for (var f : fs) f.get();
        }
        Await.until(name + " performs every job", java.time.Duration.ofSeconds(300), () -> DONE.get() >= target);
        double secs = (System.nanoTime() - t0) / 1e9;
        Await.until("the in-progress lists empty", java.time.Duration.ofSeconds(60), // the last completions count too
                () -> r.keys(engine.prefix + "inprogress:*").stream().allMatch(k -> r.llen(k) == 0));
        double c1 = cpu(r);
        if (perf != null) {
            new ProcessBuilder("kill", "-INT", Long.toString(perf.pid())).start().waitFor();
            perf.waitFor(30, TimeUnit.SECONDS);
        }
        long steps = (long) runs * jobs;
        System.out.printf("BENCH %s steps/s %.0f redis_cpu_us/step %.1f keys %d window %d %d jvm_cpu_us/step %.1f%n", name, steps / secs, (c1 - c0) * 1e6 / steps, r.dbSize(), w0, System.currentTimeMillis(), (cpuNanos() - j0) / 1e3 / steps);
    }
}
