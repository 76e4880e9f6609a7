package io.sideline.chaos.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads what the chaos jobs recorded for a run ({@code chaos:rec:<runId>}, written by the WAR's Ledger bean) as
 * executions: a start entry and, if the execution got that far, its end entry.
 */
final class Ledger {

    private Ledger() {
    }

    /** One ledger entry: {@code type} is "s" (start) or "e" (end); seq is the run's own counter. */
    record Entry(String type, String label, String jid, String exec, String server, long pid, long seq, long ms,
                 JsonObject in, JsonObject out) {
        static Entry parse(String text) {
            JsonObject o = Json.createReader(new StringReader(text)).readObject();
            return new Entry(o.getString("t"), o.getString("label"), o.getString("jid"), o.getString("exec"),
                    o.getString("server"), o.getJsonNumber("pid").longValue(), o.getJsonNumber("seq").longValue(),
                    o.getJsonNumber("ms").longValue(), object(o, "in"), object(o, "out"));
        }

        private static JsonObject object(JsonObject o, String name) {
            JsonValue v = o.get(name);
            return v instanceof JsonObject object ? object : null;
        }
    }

    /** An execution of a job: its start, and its end when {@code perform} got to the end. */
    record Execution(Entry start, Entry end) {
        String label() {
            return start.label();
        }

        String jid() {
            return start.jid();
        }

        long pid() {
            return start.pid();
        }

        boolean ended() {
            return end != null;
        }
    }

    static List<Execution> read(CampaignRedis redis, String runId) {
        Map<String, Entry> starts = new LinkedHashMap<>();
        Map<String, Entry> ends = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (String text : redis.lrange("chaos:rec:" + runId)) {
            Entry entry = Entry.parse(text);
            // a ledger write repeated after a lost reply appears twice: keep the first
            if (seen.add(entry.exec() + entry.type())) {
                (entry.type().equals("s") ? starts : ends).put(entry.exec(), entry);
            }
        }
        List<Execution> executions = new ArrayList<>();
        starts.forEach((exec, start) -> executions.add(new Execution(start, ends.get(exec))));
        executions.sort(Comparator.comparingLong(e -> e.start().seq()));
        return executions;
    }
}
