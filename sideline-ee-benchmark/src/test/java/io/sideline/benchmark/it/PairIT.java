package io.sideline.benchmark.it;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.params.SetParams;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The performance rule's measurement, old code against new code, with the two sides interleaved scenario by scenario
 * instead of benchmark run by benchmark run ({@code pair.sh}). The benchmark server of an older checkout (built there,
 * not started) and this checkout's both run, each against a Redis of its own; each compared scenario runs on one side
 * and then at once on the other (the order alternates), while the side not measured is frozen ({@code SIGSTOP}: its
 * idle loops cost the measured side nothing, as in {@code compare.sh}, where it is not running at all). A whole
 * benchmark run takes minutes, and this box's speed drifts over minutes (the same code's wf14 ran at 11,800 and at
 * 16,700 steps/s in one comparison): measured seconds apart, both sides see the same box.
 *
 * <p>Every round flushes both Redis databases and runs the scenarios in {@link BenchmarkIT}'s order, so each side's
 * keyspace has the history it has there; both sides are warmed up alike first ({@code benchmark.warmup.passes}).
 * Figures go to {@code target/pair.json}: per side and scenario every round's figures, and per figure the medians,
 * new ÷ old, and the median of the rounds' own ratios. Runs only when given {@code -Dbenchmark.pair.old=<checkout>};
 * asserts no speed, only that every scenario ran every job exactly once.
 *
 * <p>Each scenario's figures also carry the side's key count before and after it, and whether it passed a power of
 * two ({@code keyspace_doubled}): Redis then doubles its table of keys (and of TTLs) and moves every key over, a bucket
 * with each command that touches a key, which made every command of the scenario about twice as dear (docs/
 * performance.md, session 19). Each side keeps a different number of keys per run, so at the long sizes the doubling
 * falls in different scenarios on the two sides. {@code -Dbenchmark.pair.ballast=N} gives both sides' Redis the same
 * N keys of their own (with a TTL, as all of ours have) after each round's flush, to move the doublings out of the
 * compared windows on both sides alike.
 */
class PairIT {

    /** The compared scenarios, in {@link BenchmarkIT}'s order: name, path, steps per call. */
    private record Scenario(String name, Function<Sizes, String> path, Function<Sizes, Long> steps) {
    }

    private static final List<Scenario> SCENARIOS = List.of(
            new Scenario("noop", BenchmarkIT::noopPath, s -> (long) s.noopJobs()),
            new Scenario("noop_workflows", s -> BenchmarkIT.noopPath(s) + "&mode=workflows", s -> (long) s.noopJobs()),
            new Scenario("noop_run_each", s -> BenchmarkIT.noopPath(s) + "&mode=run_each", s -> (long) s.noopJobs()),
            new Scenario("wf14", s -> BenchmarkIT.workflowPath(s, "wf14"), s -> 14L * s.workflows()),
            new Scenario("group11", s -> BenchmarkIT.workflowPath(s, "group11"), s -> 11L * s.workflows()));

    /** The figures compared per scenario. */
    private static final List<String> FIGURES = List.of("steps_per_s", "redis_cpu_us_per_step", "jvm_cpu_us_per_step",
            "redis_commands_per_step");

    private record Side(String name, BenchServer server, PrivateRedis redis) {

        void freeze() {
            signal("-STOP");
        }

        void thaw() {
            signal("-CONT");
        }

        private void signal(String signal) {
            try {
                Process kill = new ProcessBuilder("kill", signal, Long.toString(server.pid())).inheritIO().start();
                assertTrue(kill.waitFor(30, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill " + signal + " " + name);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * Whether the side not measured is frozen ({@code -Dbenchmark.pair.freeze=false}: both run, the idle one's loops
     * beside the measured one, as an experiment on the harness itself).
     */
    private static final boolean FREEZE = Boolean.parseBoolean(System.getProperty("benchmark.pair.freeze", "true"));

    /**
     * {@code -Dbenchmark.pair.latency-delay=true}: each round ends with the benchmark's latency and delay scenarios on
     * both sides (not measured), so that the next round's scenarios follow them as a benchmark repetition's do.
     */
    private static final boolean LATENCY_DELAY = Boolean.getBoolean("benchmark.pair.latency-delay");

    /** Keys each side's Redis gets after each round's flush ({@code -Dbenchmark.pair.ballast}, default none). */
    private static final int BALLAST = Integer.getInteger("benchmark.pair.ballast", 0);

    /** How long each side's idle Redis cost is sampled. */
    private static final Duration IDLE_SAMPLE = Duration.ofSeconds(5);

    private final Sizes sizes = Sizes.fromSystemProperties();
    private final Path workDir = Path.of(System.getProperty("benchmark.work.dir", "target/benchmark"));

    @Test
    void pair() throws IOException {
        String oldCheckout = System.getProperty("benchmark.pair.old", "");
        Assumptions.assumeFalse(oldCheckout.isEmpty(), "no -Dbenchmark.pair.old=<checkout>: nothing to compare");
        int rounds = Integer.getInteger("benchmark.pair.rounds", 5);
        String name = System.getProperty("benchmark.server.name");
        Path oldWlp = Path.of(oldCheckout, "sideline-ee-benchmark/target/liberty/wlp");
        Path bootstrap = oldWlp.resolve("usr/servers/" + name + "/bootstrap.properties");
        assertTrue(Files.isRegularFile(bootstrap), "no benchmark server built in " + oldCheckout + " (pair.sh builds it): "
                + bootstrap);
        Properties oldProperties = new Properties();
        try (var in = Files.newInputStream(bootstrap)) {
            oldProperties.load(in);
        }
        int oldPort = Integer.parseInt(oldProperties.getProperty("http.port"));
        Map<String, Map<String, List<JsonObject>>> runs = new LinkedHashMap<>();
        Map<String, JsonObject> idle = new LinkedHashMap<>();
        try (PrivateRedis oldRedis = PrivateRedis.start(workDir.resolve("redis-old")).orElseThrow();
             PrivateRedis newRedis = PrivateRedis.start(workDir.resolve("redis-new")).orElseThrow();
             BenchServer oldServer = new BenchServer(oldWlp, name, oldPort);
             BenchServer newServer = new BenchServer(Path.of(System.getProperty("benchmark.wlp.dir")), name,
                     Integer.getInteger("benchmark.http.port"))) {
            List<Side> sides = List.of(new Side("old", oldServer, oldRedis), new Side("new", newServer, newRedis));
            for (Side side : sides) {
                side.server().start(side.redis().url(BenchmarkIT.SIDELINE_DB));
                runs.put(side.name(), new LinkedHashMap<>());
                SCENARIOS.forEach(s -> runs.get(side.name()).put(s.name(), new ArrayList<>()));
            }
            try {
                for (int pass = 0; pass < sizes.warmupPasses(); pass++) {
                    for (Side side : sides) {
                        alone(side, sides, () -> BenchmarkIT.warmUpOnce(side.server(), sizes));
                    }
                }
                for (Side side : sides) {
                    alone(side, sides, () -> idle.put(side.name(), idle(side.redis())));
                }
                for (int round = 1; round <= rounds; round++) {
                    for (Side side : sides) {
                        side.thaw();
                    }
                    for (Side side : sides) {
                        BenchmarkIT.awaitQuiet(side.redis());
                        BenchmarkIT.flush(side.redis(), BenchmarkIT.SIDELINE_DB);
                        ballast(side.redis(), BALLAST);
                    }
                    for (int s = 0; s < SCENARIOS.size(); s++) {
                        Scenario scenario = SCENARIOS.get(s);
                        List<Side> order = (round + s) % 2 == 1 ? sides : List.of(sides.get(1), sides.get(0));
                        for (Side side : order) {
                            int rep = round;
                            alone(side, sides, () -> {
                                long keysBefore = keys(side.redis());
                                JsonObject figures = BenchmarkIT.measured(side.redis(), rep, scenario.steps().apply(sizes),
                                        () -> side.server().post(scenario.path().apply(sizes)));
                                long keysAfter = keys(side.redis());
                                runs.get(side.name()).get(scenario.name()).add(Json.createObjectBuilder(figures)
                                        .add("keys_before", keysBefore).add("keys_after", keysAfter)
                                        .add("keyspace_doubled", passesPowerOfTwo(keysBefore, keysAfter)).build());
                            });
                        }
                    }
                    if (LATENCY_DELAY) {
                        for (Side side : sides) {
                            alone(side, sides, () -> {
                                BenchmarkIT.requireComplete(side.server().post(BenchmarkIT.latencyPath(sizes)));
                                BenchmarkIT.requireComplete(side.server().post(BenchmarkIT.delayPath(sizes)));
                            });
                        }
                    }
                    System.out.printf("pair round %d of %d done, load %s%n", round, rounds, BenchmarkIT.loadAverage());
                }
            } finally {
                for (Side side : sides) {
                    side.thaw(); // a frozen server cannot stop
                }
            }
        }
        JsonObject report = report(runs, idle, rounds, oldCheckout);
        Path output = Path.of(System.getProperty("benchmark.pair.output", "target/pair.json"));
        Files.writeString(output, report.toString());
        System.out.println(table(report.getJsonObject("summary")));
        System.out.println("rounds in which a side's key count passed a power of two (ballast " + BALLAST + " keys): "
                + report.getJsonObject("rounds_with_keyspace_doubling"));
        idle.forEach((side, cost) -> System.out.printf("idle %s: %s ms of Redis CPU per second, commands per second %s%n",
                side, cost.get("redis_cpu_ms_per_s"), cost.get("redis_calls_per_s")));
        assertTrue(Files.size(output) > 0);
    }

    /** {@code count} keys {@code ballast:<i>} with a day's TTL in the library's database, in pipelined SETs. */
    private static void ballast(PrivateRedis redis, int count) {
        if (count <= 0) {
            return;
        }
        try (Jedis jedis = redis.connect()) {
            jedis.select(BenchmarkIT.SIDELINE_DB);
            Pipeline pipeline = jedis.pipelined();
            for (int i = 0; i < count; i++) {
                pipeline.set("ballast:" + i, "1", SetParams.setParams().ex(86_400));
                if (i % 10_000 == 9_999) {
                    pipeline.sync();
                }
            }
            pipeline.sync();
            assertTrue(jedis.dbSize() >= count, "the ballast is in place");
        }
    }

    private static long keys(PrivateRedis redis) {
        try (Jedis jedis = redis.connect()) {
            jedis.select(BenchmarkIT.SIDELINE_DB);
            return jedis.dbSize();
        }
    }

    /**
     * Whether a key count went from {@code before} up to or past a power of two (from 4,096 on): Redis grows its
     * table of keys when the count reaches its size, a power of two.
     */
    static boolean passesPowerOfTwo(long before, long after) {
        for (long size = 4_096; size <= after; size <<= 1) {
            if (before < size) {
                return true;
            }
        }
        return false;
    }

    /** Runs {@code action} on {@code side} with every other side frozen (unless {@link #FREEZE} is off). */
    private static void alone(Side side, List<Side> sides, Runnable action) {
        side.thaw();
        for (Side other : sides) {
            if (other != side && FREEZE) {
                other.freeze();
            }
        }
        action.run();
    }

    /**
     * What a side's server costs its Redis while it has nothing to do (its loops: fetches, the promoter, heartbeats,
     * the collector and the stall detector), over {@link #IDLE_SAMPLE} after the warm-up: Redis CPU per second, and
     * the commands per second; every measured scenario carries it.
     */
    private static JsonObject idle(PrivateRedis redis) {
        BenchmarkIT.awaitQuiet(redis);
        RedisCost.Snapshot before = RedisCost.snapshot(redis);
        LockSupport.parkNanos(IDLE_SAMPLE.toNanos()); // a measuring window, not a wait for anything
        RedisCost cost = RedisCost.snapshot(redis).since(before);
        JsonObjectBuilder calls = Json.createObjectBuilder();
        cost.calls().entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> calls.add(e.getKey(), Math.round(e.getValue() * 10 / cost.seconds()) / 10.0));
        return Json.createObjectBuilder()
                .add("seconds", Math.round(cost.seconds() * 10) / 10.0)
                .add("redis_cpu_ms_per_s", Math.round(cost.cpuUs() / 1e3 / cost.seconds() * 100) / 100.0)
                .add("redis_calls_per_s", calls)
                .build();
    }

    private JsonObject report(Map<String, Map<String, List<JsonObject>>> runs, Map<String, JsonObject> idle, int rounds,
                              String oldCheckout) {
        JsonObjectBuilder summary = Json.createObjectBuilder();
        List<String> names = new ArrayList<>(SCENARIOS.stream().map(Scenario::name).toList());
        names.add(WORKFLOWS);
        for (String name : names) {
            List<JsonObject> old = name.equals(WORKFLOWS) ? workflows(runs.get("old")) : runs.get("old").get(name);
            List<JsonObject> neu = name.equals(WORKFLOWS) ? workflows(runs.get("new")) : runs.get("new").get(name);
            for (String figure : FIGURES) {
                double[] ratios = new double[old.size()];
                for (int r = 0; r < ratios.length; r++) {
                    ratios[r] = Report.num(neu.get(r), figure) / Report.num(old.get(r), figure);
                }
                Stats o = Stats.of(old, x -> Report.num(x, figure));
                Stats n = Stats.of(neu, x -> Report.num(x, figure));
                if (!o.present() || !n.present()) {
                    continue; // a figure the old code does not report
                }
                summary.add(name + "." + figure, Json.createObjectBuilder()
                        .add("old", o.median()).add("new", n.median())
                        .add("new_over_old", n.median() / o.median())
                        .add("median_of_round_ratios", Stats.of(ratios).median())
                        .add("old_min", o.min()).add("old_max", o.max()).add("new_min", n.min()).add("new_max", n.max()));
            }
        }
        JsonObjectBuilder doublings = Json.createObjectBuilder();
        for (Scenario scenario : SCENARIOS) {
            JsonObjectBuilder bySide = Json.createObjectBuilder();
            runs.forEach((side, scenarios) -> bySide.add(side, scenarios.get(scenario.name()).stream()
                    .filter(r -> r.getBoolean("keyspace_doubled", false)).count()));
            doublings.add(scenario.name(), bySide);
        }
        JsonObjectBuilder perRound = Json.createObjectBuilder();
        runs.forEach((side, scenarios) -> {
            JsonObjectBuilder bySide = Json.createObjectBuilder();
            scenarios.forEach((scenario, list) -> {
                JsonArrayBuilder array = Json.createArrayBuilder();
                list.forEach(array::add);
                bySide.add(scenario, array);
            });
            perRound.add(side, bySide);
        });
        return Json.createObjectBuilder()
                .add("old_checkout", oldCheckout)
                .add("rounds", rounds)
                .add("warmup_passes", sizes.warmupPasses())
                .add("frozen", FREEZE)
                .add("latency_delay_between_rounds", LATENCY_DELAY)
                .add("ballast_keys", BALLAST)
                .add("rounds_with_keyspace_doubling", doublings)
                .add("load_average_at_end", BenchmarkIT.loadAverage())
                .add("summary", summary)
                .add("idle", Json.createObjectBuilder(Map.copyOf(idle)))
                .add("runs", perRound)
                .build();
    }

    /**
     * The summary's name for wf14 and group11 taken together: per round and side, their steps over the time both took
     * (each CPU figure weighted by its scenario's steps). Work one scenario leaves behind lands in the next one's
     * window: the collector turns down the keys of the wf14 runs that finished, mostly while group11 runs (docs/
     * performance.md, session 17). Together, the two are measured with all the work of the first.
     */
    static final String WORKFLOWS = "workflows";

    private List<JsonObject> workflows(Map<String, List<JsonObject>> side) {
        List<JsonObject> wf14 = side.get("wf14");
        List<JsonObject> group11 = side.get("group11");
        double a = 14.0 * sizes.workflows();
        double b = 11.0 * sizes.workflows();
        List<JsonObject> together = new ArrayList<>();
        for (int r = 0; r < Math.min(wf14.size(), group11.size()); r++) {
            JsonObject x = wf14.get(r);
            JsonObject y = group11.get(r);
            JsonObjectBuilder both = Json.createObjectBuilder()
                    .add("steps_per_s", (a + b) / (a / Report.num(x, "steps_per_s") + b / Report.num(y, "steps_per_s")));
            for (String figure : FIGURES.subList(1, FIGURES.size())) {
                if (x.containsKey(figure) && y.containsKey(figure)) {
                    both.add(figure, (Report.num(x, figure) * a + Report.num(y, figure) * b) / (a + b));
                }
            }
            together.add(both.build());
        }
        return together;
    }

    private static String table(JsonObject summary) {
        StringBuilder out = new StringBuilder(String.format("%-38s %12s %12s %8s %12s%n", "scenario.figure", "old (median)",
                "new (median)", "new/old", "round ratios"));
        summary.forEach((key, value) -> {
            JsonObject row = value.asJsonObject();
            out.append(String.format("%-38s %12.1f %12.1f %8.3f %12.3f%n", key, Report.num(row, "old"),
                    Report.num(row, "new"), Report.num(row, "new_over_old"), Report.num(row, "median_of_round_ratios")));
        });
        return out.toString();
    }
}
