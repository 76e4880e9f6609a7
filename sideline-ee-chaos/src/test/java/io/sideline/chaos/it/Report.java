package io.sideline.chaos.it;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonGenerator;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The campaign's results: a table per scenario, the crash-point matrix, the pass/fail checks, printed for the
 * build log and written as JSON ({@code target/chaos.json}). The top-level figures are the totals over every run
 * that had to succeed; runs that must fail (bad input, the poison pill's own run) are reported as checks.
 */
final class Report {

    private final Settings settings;
    private final long startedMs = System.currentTimeMillis();
    private final Map<String, Figures> scenarios = new LinkedHashMap<>();
    private final List<JsonObject> matrix = new ArrayList<>();
    private final Map<String, JsonObject> checks = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private List<Long> serverStartMillis = List.of();
    private int redisKills;
    private final Map<String, Long> timings = new LinkedHashMap<>();

    Report(Settings settings) {
        this.settings = settings;
    }

    synchronized void scenario(Figures figures) {
        scenarios.put(figures.scenario, figures);
    }

    synchronized void matrixCell(JsonObject cell) {
        matrix.add(cell);
    }

    synchronized void check(String name, boolean pass, JsonObject details) {
        JsonObjectBuilder b = Json.createObjectBuilder().add("pass", pass);
        details.forEach(b::add);
        checks.put(name, b.build());
    }

    synchronized void note(String note) {
        notes.add(note);
    }

    synchronized void serverStarts(List<Long> millis) {
        serverStartMillis = List.copyOf(millis);
    }

    synchronized void timing(String step, long ms) {
        timings.put(step, ms);
    }

    synchronized void redisKilled() {
        redisKills++;
    }

    synchronized Figures total() {
        return Figures.total("TOTAL", scenarios.values());
    }

    synchronized String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("%nsideline-ee chaos campaign: %s, seed %d, %d s%n", settings.mode(), settings.seed(),
                (System.currentTimeMillis() - startedMs) / 1000));
        String format = "%-26s %5s %5s %5s %5s %5s %7s %7s %5s %5s %5s %5s %8s %8s%n";
        out.append(String.format(format, "scenario", "runs", "done", "fail", "stuck", "lost", "re-runs", "(fault)",
                "dup_s", "dup_c", "dag", "kills", "rec p50", "rec p99"));
        List<Figures> rows = new ArrayList<>(scenarios.values());
        rows.add(Figures.total("TOTAL", scenarios.values()));
        Figures headline = scenarios.get(RandomKill.NAME);
        for (Figures f : rows) {
            Figures recovery = f.scenario.equals("TOTAL") && headline != null ? headline : f;
            out.append(String.format(format, f.scenario, f.runs, f.completed, f.failed, f.stuck, f.lost, f.reruns,
                    f.rerunsAfterFault, f.dupSteps, f.dupContinuations, f.dagViolations + f.typedViolations, f.kills,
                    millis(recovery.p50()), millis(recovery.p99())));
        }
        out.append("re-runs: executions beyond a job's first, (fault): after a kill/halt/pause of its server; dup_s/dup_c:"
                + " duplicate steps/continuations; dag: order, delay and typed-input violations; TOTAL recovery: scenario 1\n");
        if (!matrix.isEmpty()) {
            out.append(String.format("%ncrash points (outcome, executions of the target, halt -> run SUCCEEDED)%n"));
            List<String> positions = matrix.stream().map(c -> c.getString("position")).distinct().toList();
            out.append(String.format("%-16s", "point"));
            positions.forEach(p -> out.append(String.format(" %-22s", p)));
            out.append('\n');
            for (String point : matrix.stream().map(c -> c.getString("point")).distinct().toList()) {
                out.append(String.format("%-16s", point));
                for (String position : positions) {
                    String text = matrix.stream().filter(c -> c.getString("point").equals(point)
                                    && c.getString("position").equals(position)).findFirst()
                            .map(c -> c.getString("outcome") + " x" + c.getInt("target_executions") + " "
                                    + millis(c.getJsonNumber("halt_to_success_ms").longValue()))
                            .orElse("-");
                    out.append(String.format(" %-22s", text));
                }
                out.append('\n');
            }
        }
        if (!checks.isEmpty()) {
            out.append(String.format("%nchecks%n"));
            checks.forEach((name, c) -> out.append(String.format("%-4s %-40s %s%n", c.getBoolean("pass") ? "PASS" : "FAIL",
                    name, c.containsKey("summary") ? c.getString("summary") : "")));
        }
        out.append("\nseconds: ");
        timings.forEach((step, ms) -> out.append(step).append(' ').append(ms / 1000).append("  "));
        out.append('\n');
        notes.forEach(n -> out.append("note: ").append(n).append('\n'));
        return out.toString();
    }

    private static String millis(long ms) {
        return ms < 0 ? "-" : String.format("%.1f s", ms / 1000.0);
    }

    synchronized JsonObject toJson() {
        Figures total = Figures.total("TOTAL", scenarios.values());
        JsonObjectBuilder root = Json.createObjectBuilder();
        total.toJson().forEach((k, v) -> {
            if (!k.equals("problems")) {
                root.add(k, v);
            }
        });
        // the headline recovery time is scenario 1's: kill -9 with the other server up, i.e. the reaper's path
        Figures randomKill = scenarios.get(RandomKill.NAME);
        if (randomKill != null) {
            root.add("recovery_p50_ms", randomKill.p50()).add("recovery_p99_ms", randomKill.p99())
                    .add("recoveries_measured", randomKill.recoveries.size());
        }
        root.add("recovery_scope", randomKill != null ? "scenario 1 (random kill -9, the other server up); "
                + "per scenario under scenarios" : "all scenarios");
        root.add("redis_kills", redisKills);
        root.add("mode", settings.mode()).add("seed", settings.seed())
                .add("duration_ms", System.currentTimeMillis() - startedMs);
        JsonObjectBuilder byScenario = Json.createObjectBuilder();
        scenarios.forEach((name, f) -> byScenario.add(name, f.toJson()));
        root.add("scenarios", byScenario);
        JsonArrayBuilder cells = Json.createArrayBuilder();
        matrix.forEach(cells::add);
        root.add("crash_matrix", cells);
        JsonObjectBuilder checkList = Json.createObjectBuilder();
        checks.forEach(checkList::add);
        root.add("checks", checkList);
        JsonArrayBuilder starts = Json.createArrayBuilder();
        serverStartMillis.forEach(starts::add);
        root.add("server_start_ms", starts);
        JsonObjectBuilder seconds = Json.createObjectBuilder();
        timings.forEach((step, ms) -> seconds.add(step, ms / 1000));
        root.add("seconds", seconds);
        JsonArrayBuilder noteList = Json.createArrayBuilder();
        notes.forEach(noteList::add);
        root.add("notes", noteList);
        root.add("definitions", Json.createObjectBuilder()
                .add("runs", "runs that had to succeed (bad-input runs and the poison pill's run are checks)")
                .add("stuck", "not finished at the deadline, a job of it still in a queue, in-progress list, schedule or retry set")
                .add("lost", "not finished at the deadline and nothing of it left anywhere (or its status vanished)")
                .add("dup_steps", "re-runs of the same jid with no kill/halt/pause of the previous executor, nor Redis fault, in between")
                .add("reruns_after_fault", "re-runs of the same jid after a disruption of the server that ran it (at-least-once)")
                .add("dup_continuations", "extra jids under which one label ran (a continuation launched twice)")
                .add("dag_violations", "order/delay violations, jobs never run in a SUCCEEDED run, typed-input mismatches")
                .add("kills", "server deaths caused by the scenario: kill -9, crash-point halts, poison halts, kill after stop")
                .add("recovery_ms", "kill -> next start of a job whose execution the kill cut short (ledger start without end)")
                .add("failover_ms", "scenarios 19-20: master kill -9 -> a replica serves as master (cluster or Sentinels say)")
                .add("resume_ms", "scenarios 19-20: master kill -9 -> first job start, fetched after the kill, of a run on the killed master"));
        return root.build();
    }

    synchronized void write(Path file) {
        StringWriter text = new StringWriter();
        try (JsonGenerator generator = Json.createGeneratorFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true))
                .createGenerator(text)) {
            generator.write((JsonValue) toJson());
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
