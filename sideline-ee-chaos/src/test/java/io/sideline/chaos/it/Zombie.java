package io.sideline.chaos.it;

import io.sideline.ee.test.Await;
import jakarta.json.Json;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.StringReader;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Scenario 7: a zombie. The server performing a typed step is frozen (SIGSTOP) past its heartbeat TTL; the other
 * server's reaper requeues the step and performs it, the run goes on; then the zombie is resumed (SIGCONT) and
 * finishes its copy. Its completion must be fenced (nothing changes): the memory keeps the winner's output, the
 * successor runs once.
 */
final class Zombie {

    static final String NAME = "7 zombie";
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final Campaign campaign;

    Zombie(Campaign campaign) {
        this.campaign = campaign;
    }

    Figures run() {
        campaign.fleet.awaitAllUp();
        Tree tree = Tree.chain(Tree.Job.typed("z-work", 2_500, 10L, 10), Tree.Job.task("z-post", 50));
        ChaosApi.Run run = campaign.api.run(tree);
        Await.require("z-work to start", TIMEOUT, () -> !executions(run, "z-work").isEmpty());
        Ledger.Execution first = executions(run, "z-work").get(0);
        ChaosServer zombie = campaign.fleet.servers().stream()
                .filter(s -> s.name().equals(first.start().server())).findFirst().orElseThrow();
        campaign.fleet.pause(zombie);
        boolean takenOver;
        try {
            takenOver = Await.holds(TIMEOUT, () -> campaign.api.stateOf(run.id()).equals("SUCCEEDED"));
        } finally {
            campaign.fleet.resume(zombie);
        }
        boolean fenced = Await.holds(TIMEOUT, () -> campaign.oddCompletions().stream().anyMatch(c ->
                c.getString("label").equals("z-work") && c.getString("outcome").equals("FENCED")
                        && c.getJsonNumber("pid").longValue() == first.pid()));
        Optional<Ledger.Execution> winner = executions(run, "z-work").stream()
                .filter(e -> e.pid() != first.pid() && e.ended()).findFirst();
        String winnerWriter = winner.map(w -> w.end().out().getString("writer")).orElse("?");
        Map<String, String> memory = campaign.api.memory(run.id());
        String memoryWriter = jsonText(memory.get("writer"));
        String memoryValue = jsonText(memory.get("value"));
        boolean zombieFinished = Await.holds(TIMEOUT, () -> executions(run, "z-work").stream()
                .anyMatch(e -> e.pid() == first.pid() && e.ended()));
        boolean alive = Await.holds(TIMEOUT, () -> zombie.get("/health/live").map(b -> b.contains("\"UP\"")).orElse(false));

        Figures figures = campaign.judge(NAME, List.of(run), campaign.settings.settleTimeout(), Set.of());
        int postRuns = executions(run, "z-post").size();
        boolean pass = takenOver && fenced && zombieFinished && memoryWriter.equals(winnerWriter)
                && memoryValue.equals("11") && postRuns == 1 && figures.clean() && alive;
        campaign.report.check("zombie fenced", pass, Json.createObjectBuilder()
                .add("summary", "froze " + zombie + " (pid " + first.pid() + "); taken over: " + takenOver
                        + "; zombie finished its copy: " + zombieFinished + "; its completion fenced: " + fenced
                        + "; memory writer " + memoryWriter + " (winner " + winnerWriter + "), value " + memoryValue
                        + "; successor ran " + postRuns + "x; zombie live again: " + alive)
                .add("zombie", zombie.name()).add("zombie_pid", first.pid()).add("taken_over", takenOver)
                .add("zombie_finished", zombieFinished).add("fenced", fenced).add("memory_writer", memoryWriter)
                .add("winner_writer", winnerWriter).add("memory_value", memoryValue).add("successor_runs", postRuns)
                .add("zombie_alive_after", alive).build());
        return figures;
    }

    /** A memory value is JSON text: a string's content, or a number as written. */
    private static String jsonText(String json) {
        if (json == null) {
            return "";
        }
        JsonValue value = Json.createReader(new StringReader(json)).readValue();
        return value instanceof JsonString s ? s.getString() : value.toString();
    }

    private List<Ledger.Execution> executions(ChaosApi.Run run, String label) {
        return Ledger.read(campaign.redis, run.id()).stream().filter(e -> e.label().equals(label)).toList();
    }
}
