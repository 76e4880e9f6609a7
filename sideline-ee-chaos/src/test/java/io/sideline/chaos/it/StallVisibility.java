package io.sideline.chaos.it;

import io.sideline.ee.test.Await;
import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Scenario 9: a run without progress is visible. The chaos servers run with {@code sideline.run.stall-after-ms}
 * = {@link ChaosIT#STALL_AFTER_MS}; a run whose second job works well past it must show {@code stalled} in its
 * status, in the liveness data ({@code stalledRuns}) and in a log line, and stop showing it once it completes.
 */
final class StallVisibility {

    static final String NAME = "9 stalled run";

    private final Campaign campaign;

    StallVisibility(Campaign campaign) {
        this.campaign = campaign;
    }

    Figures run() {
        campaign.fleet.awaitAllUp();
        long longWork = ChaosIT.STALL_AFTER_MS + 8_000;
        ChaosApi.Run run = campaign.api.run(Tree.chain(Tree.Job.task("s-quick", 10), Tree.Job.task("s-long", longWork)));
        Duration window = Duration.ofMillis(longWork);
        boolean inStatus = Await.holds(window, () -> status(run).map(s -> s.getBoolean("stalled")).orElse(false));
        boolean inHealth = Await.holds(window, () -> campaign.fleet.upServers().stream().anyMatch(s -> s.get("/health/live")
                .map(StallVisibility::stalledRuns).orElse(0) > 0));
        boolean inLog = Await.holds(window, () -> campaign.fleet.servers().stream()
                .anyMatch(s -> s.logs().contains("without progress") && s.logs().contains(run.id())));
        boolean done = campaign.settle(List.of(run), campaign.settings.settleTimeout());
        boolean clearedAfter = status(run).map(s -> !s.getBoolean("stalled") && s.getString("state").equals("SUCCEEDED"))
                .orElse(false);
        Figures figures = campaign.judge(NAME, List.of(run), campaign.settings.settleTimeout(), Set.of());
        boolean pass = inStatus && inHealth && inLog && done && clearedAfter;
        campaign.report.check("stalled run visible", pass, Json.createObjectBuilder()
                .add("summary", "stall-after " + ChaosIT.STALL_AFTER_MS + " ms, a " + longWork + " ms job: status "
                        + inStatus + ", health " + inHealth + ", log " + inLog + ", cleared once SUCCEEDED " + clearedAfter)
                .add("status", inStatus).add("health", inHealth).add("log", inLog).add("cleared", clearedAfter).build());
        return figures;
    }

    /** stalledRuns from the sideline-workers liveness check. */
    private static int stalledRuns(String liveBody) {
        return ChaosApi.parse(liveBody).getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(c -> c.getString("name").equals("sideline-workers") && c.containsKey("data"))
                .mapToInt(c -> c.getJsonObject("data").getInt("stalledRuns", 0)).max().orElse(0);
    }

    private Optional<JsonObject> status(ChaosApi.Run run) {
        return campaign.fleet.upServers().stream().map(s -> campaign.api.status(s, run.id()))
                .flatMap(Optional::stream).findFirst();
    }
}
