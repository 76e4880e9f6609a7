package io.sideline.chaos.it;

import io.sideline.ee.test.Await;
import jakarta.json.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Scenario 14: start order (issue 9 §2). Under load, one server is killed and Redis is stopped (SIGTERM: it writes
 * its AOF out, so nothing may be lost); the server is started again while Redis is still down, and must deploy
 * and answer (liveness UP, readiness DOWN with the reason). Redis is started on its AOF {@value #REDIS_LATE_S} s
 * later, with no restart or redeploy of either server: every run, those in flight through the outage and those
 * started after it, must SUCCEED, and the server started first must be fetching within seconds.
 */
final class StartOrder {

    static final String NAME = "14 start before Redis";
    /** How long after the early server answers Redis comes up (issue 9 §2: "Redis started 15 s later"). */
    static final int REDIS_LATE_S = 15;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Campaign campaign;

    StartOrder(Campaign campaign) {
        this.campaign = campaign;
    }

    Figures run() {
        campaign.fleet.awaitAllUp();
        int size = campaign.settings.full() ? 40 : 10;
        RandomTrees trees = new RandomTrees(campaign.random);
        List<ChaosApi.Run> runs = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            runs.add(campaign.api.run(trees.next("so" + i + "-")));
        }
        Await.holds(Duration.ofSeconds(60), () -> runs.stream()
                .mapToLong(r -> Ledger.read(campaign.redis, r.id()).size()).sum() >= 5);

        ChaosServer early = campaign.fleet.servers().get(1);
        long start = System.currentTimeMillis();
        campaign.fleet.autoRestart(false);
        campaign.fleet.kill9(early);
        long redisDownAt = System.currentTimeMillis();
        campaign.redis.stop();

        // the early server starts while Redis is down: it must deploy and answer, live but not ready
        long bootAt = System.currentTimeMillis();
        campaign.fleet.start(early, StartOrder::live);
        long bootMs = System.currentTimeMillis() - bootAt;
        campaign.fleet.autoRestart(true);
        Answer ready = get(early, "/health/ready");
        Answer live = get(early, "/health/live");
        boolean answersDown = ready.status() == 503 && ready.body().contains("DOWN") && live.status() == 200;
        campaign.report.note("start order: " + early + " started while Redis was down in " + bootMs / 1000
                + " s; readiness " + ready.status() + " " + ready.body() + "; liveness " + live.status() + " "
                + live.body());

        RandomKill.sleep(REDIS_LATE_S * 1000L); // Redis boots late: the scenario itself, not a synchronisation
        campaign.redis.restart();
        long redisUpAt = System.currentTimeMillis();
        long earlyPid = campaign.fleet.pid(early).orElse(-1L);
        // heartbeats that expired meanwhile make the reapers take live servers' jobs until the next beat
        campaign.fleet.redisDisrupted("redis-server stopped, " + early + " started before it", redisDownAt,
                redisUpAt + ChaosIT.HEARTBEAT_TTL_MS + 2 * ChaosIT.REAPER_INTERVAL_MS);

        boolean readyAgain = Await.holds(Duration.ofSeconds(60), early::ready);
        long readyMs = System.currentTimeMillis() - redisUpAt;
        List<ChaosApi.Run> after = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            after.add(campaign.api.run(trees.next("sa" + i + "-")));
        }
        runs.addAll(after);
        Figures figures = campaign.judge(NAME, runs, campaign.settings.settleTimeout(), Set.of());
        figures.kills = campaign.deathsSince(start);
        long firstFetchMs = runs.stream().flatMap(r -> Ledger.read(campaign.redis, r.id()).stream())
                .filter(e -> e.pid() == earlyPid).mapToLong(e -> e.start().ms() - redisUpAt).min().orElse(-1);
        figures.extra.put("redis_down_ms", redisUpAt - redisDownAt);
        figures.extra.put("early_server_boot_ms", bootMs);
        figures.extra.put("ready_after_redis_ms", readyMs);
        figures.extra.put("first_job_after_redis_ms", firstFetchMs);
        boolean pass = answersDown && readyAgain && firstFetchMs >= 0 && figures.clean();
        campaign.report.check("start order: server before Redis", pass, Json.createObjectBuilder()
                .add("summary", early + " deployed without Redis (ready " + ready.status() + ", live " + live.status()
                        + "); Redis up " + (redisUpAt - redisDownAt) / 1000 + " s after it stopped; ready "
                        + readyMs + " ms and first job " + firstFetchMs + " ms after Redis came up; "
                        + figures.completed + "/" + figures.runs + " runs SUCCEEDED")
                .add("answers_without_redis", answersDown).add("ready_again", readyAgain)
                .add("first_job_after_redis_ms", firstFetchMs).build());
        return figures;
    }

    private static boolean live(ChaosServer server) {
        return get(server, "/health/live").status() == 200;
    }

    /** An HTTP answer whatever its status (a health check's 503 carries the reason). */
    record Answer(int status, String body) {
    }

    static Answer get(ChaosServer server, String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Answer(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, e.toString());
        }
    }
}
