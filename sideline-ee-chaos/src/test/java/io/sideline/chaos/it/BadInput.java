package io.sideline.chaos.it;

import io.sideline.ee.test.Await;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Scenario 8: bad input over a real server. Payloads pushed straight into the queue (malformed JSON, unknown and
 * dangerous job names, a CDI bean that is no job, 64 MiB, 200,000 levels of nesting, a 100,000-digit number) and
 * runs started through the API with wrong argument types or an invalid typed input. Each must end in {@code dead}
 * with a readable reason, no server may die (no OutOfMemoryError, no StackOverflowError), the canary class must
 * never be initialised, and a normal run afterwards must complete.
 */
final class BadInput {

    static final String NAME = "8 bad input";
    private static final Duration DEAD_TIMEOUT = Duration.ofMinutes(3);
    private static final int BIG = 64 * 1024 * 1024;
    private static final int DEEP = 200_000;
    /** A readable reason is short: it names the problem, it does not repeat the payload. */
    private static final int READABLE_CHARS = 2_000;

    private final Campaign campaign;

    BadInput(Campaign campaign) {
        this.campaign = campaign;
    }

    void run() {
        campaign.fleet.awaitAllUp();
        long start = System.currentTimeMillis();
        long deadBefore = campaign.redis.call(r -> r.zcard("sideline:dead"));
        Map<String, String> pushed = new LinkedHashMap<>();
        pushed.put("malformed JSON", "{\"class\":\"Task\",\"jid\":\"bad-malformed\",\"args\":[\"x\",");
        pushed.put("unknown job name", payload("NoSuchJob", "bad-unknown", "[]"));
        pushed.put("java.lang.Runtime", payload("java.lang.Runtime", "bad-runtime", "[]"));
        pushed.put("javax.naming.InitialContext", payload("javax.naming.InitialContext", "bad-jndi", "[\"ldap://127.0.0.1:1/x\"]"));
        pushed.put("com.sun.rowset.JdbcRowSetImpl", payload("com.sun.rowset.JdbcRowSetImpl", "bad-rowset", "[]"));
        pushed.put("canary (class name)", payload("io.sideline.chaos.canary.Canary", "bad-canary-fqcn", "[]"));
        pushed.put("canary (simple name)", payload("Canary", "bad-canary", "[]"));
        pushed.put("CDI bean, no @SidelineJob", payload("NotAJob", "bad-notajob", "[]"));
        pushed.put("CDI bean, class name", payload("io.sideline.chaos.canary.NotAJob", "bad-notajob-fqcn", "[]"));
        pushed.put("64 MiB payload", payload("Task", "bad-64mib", "[\"bad-64mib\",0,\"" + "x".repeat(BIG) + "\"]"));
        pushed.put("200,000 levels of nesting", payload("Task", "bad-deep", "[" + "[".repeat(DEEP) + "]".repeat(DEEP) + "]"));
        pushed.put("100,000-digit number", payload("Task", "bad-digits", "[\"bad-digits\"," + "9".repeat(100_000) + "]"));
        // one connection with a long timeout and no retry: a retried LPUSH of 64 MiB could push it twice
        try (Jedis jedis = campaign.redis.connection()) {
            for (String payload : pushed.values()) {
                jedis.lpush("sideline:queue:default", payload);
            }
        }
        ChaosApi.Run wrongTypes = campaign.api.runJson(
                "{\"chain\":[{\"job\":\"Task\",\"args\":[\"bad-types\",\"not a number\"]}]}");
        ChaosApi.Run invalidTyped = campaign.api.runJson(
                "{\"chain\":[{\"job\":\"TypedTask\",\"args\":[{\"label\":\"\",\"value\":-5,\"workMs\":0}]}]}");
        // the same without the optional workMs: sideline-ee then also looks for workMs in the (absent) memory
        ChaosApi.Run invalidTypedPartial = campaign.api.runJson(
                "{\"chain\":[{\"job\":\"TypedTask\",\"args\":[{\"label\":\"\",\"value\":-5}]}]}");
        String unknownAtApi = postUnknownName();

        boolean allDead = Await.holds(DEAD_TIMEOUT,
                () -> campaign.redis.call(r -> r.zcard("sideline:dead")) >= deadBefore + pushed.size() + 3);
        List<DeadEntry> dead = deadEntries();
        pushed.forEach((name, payload) -> judgePushed(name, payload, dead));
        judgeRun("wrong argument types (API)", wrongTypes, dead, "JobArgumentsException");
        judgeRun("invalid typed input (API)", invalidTyped, dead, "InvalidInputException");
        String partialClass = judgeRun("invalid typed input, optional field omitted (API)", invalidTypedPartial, dead,
                "Exception");
        if (partialClass.endsWith("MissingMemoryException")) {
            campaign.report.note("finding: a typed input with violations in the keys it was GIVEN (label blank, value "
                    + "negative) is reported as MissingMemoryException naming the optional key it was not given "
                    + "(workMs), when the run has no memory yet; the violations are not listed (TypedInputs.hydrate)");
        }
        campaign.report.check("bad input: unknown job name (API)", unknownAtApi.startsWith("400"),
                Json.createObjectBuilder().add("summary", unknownAtApi).build());

        ChaosApi.Run after = campaign.api.run(Tree.chain(Tree.Job.task("bad-after", 10)));
        boolean later = campaign.settle(List.of(after), campaign.settings.settleTimeout())
                && campaign.api.stateOf(after.id()).equals("SUCCEEDED");
        int deaths = campaign.deathsSince(start);
        String logs = campaign.fleet.servers().stream().map(ChaosServer::logs).reduce("", String::concat);
        boolean oom = logs.contains("OutOfMemoryError");
        boolean soe = logs.contains("StackOverflowError");
        boolean live = campaign.fleet.servers().stream()
                .allMatch(s -> s.get("/health/live").map(b -> b.contains("\"UP\"")).orElse(false));
        boolean canary = campaign.redis.call(r -> r.exists("chaos:canary"));
        boolean notAJob = campaign.redis.call(r -> r.exists("chaos:notajob"));
        boolean pass = allDead && later && deaths == 0 && !oom && !soe && live && !canary && !notAJob;
        campaign.report.check("bad input: workers alive", pass, Json.createObjectBuilder()
                .add("summary", "all in dead: " + allDead + "; later run completes: " + later + "; server deaths: "
                        + deaths + "; OOM: " + oom + "; SOE: " + soe + "; live UP: " + live + "; canary initialised: "
                        + canary + "; non-job bean performed: " + notAJob)
                .add("all_dead", allDead).add("later_run_completed", later).add("server_deaths", deaths)
                .add("out_of_memory", oom).add("stack_overflow", soe).add("live", live)
                .add("canary_initialised", canary).add("non_job_bean_performed", notAJob).build());
    }

    /** A payload in the job format; the jid (the marker its dead entry is found by) comes before the arguments. */
    private static String payload(String jobName, String jid, String args) {
        return "{\"class\":\"" + jobName + "\",\"jid\":\"" + jid + "\",\"queue\":\"default\",\"args\":" + args
                + ",\"created_at\":0,\"retry\":true,\"retry_count\":0,\"sideline_callbacks\":[]}";
    }

    /** A dead-set member: its length and its first {@value #HEAD_CHARS} characters (the 64 MiB one stays in Redis). */
    record DeadEntry(long length, String head) {
        boolean contains(String text) {
            return head.contains(text);
        }

        boolean complete() {
            return head.length() == length;
        }
    }

    private static final int HEAD_CHARS = 8192;

    private List<DeadEntry> deadEntries() {
        String script = "local out = {} for _, m in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do "
                + "out[#out + 1] = string.len(m) .. ':' .. string.sub(m, 1, " + HEAD_CHARS + ") end return out";
        try (Jedis jedis = campaign.redis.connection()) {
            List<DeadEntry> entries = new ArrayList<>();
            for (Object o : (List<?>) jedis.eval(script, 1, "sideline:dead")) {
                String text = (String) o;
                int colon = text.indexOf(':');
                entries.add(new DeadEntry(Long.parseLong(text.substring(0, colon)), text.substring(colon + 1)));
            }
            return entries;
        }
    }

    private void judgePushed(String name, String payload, List<DeadEntry> dead) {
        String marker = payload.length() > 60 ? payload.substring(0, 60) : payload;
        String jid = jidOf(payload);
        // the jid with its closing quote (escaped inside a wrapped raw payload): bad-canary is not bad-canary-fqcn
        Optional<DeadEntry> entry = dead.stream().filter(d -> d.contains(jid + "\"") || d.contains(jid + "\\\"")).findFirst();
        String errorClass = entry.flatMap(e -> field(e, "error_class")).orElse("");
        String message = entry.flatMap(e -> field(e, "error_message")).orElse("");
        boolean readable = !errorClass.isBlank() && !message.isBlank() && message.length() < READABLE_CHARS;
        long size = entry.map(DeadEntry::length).orElse(0L);
        campaign.report.check("bad input: " + name, entry.isPresent() && readable, Json.createObjectBuilder()
                .add("summary", entry.isEmpty() ? "not in dead" : errorClass + ": " + shorten(message)
                        + (size > 1_000_000 ? " (dead entry " + size / (1024 * 1024) + " MiB)" : ""))
                .add("pushed_chars", payload.length()).add("dead_entry_chars", size)
                .add("error_class", errorClass).add("error_message", shorten(message))
                .add("payload_start", shorten(marker)).build());
    }

    private String judgeRun(String name, ChaosApi.Run run, List<DeadEntry> dead, String expectedClass) {
        String state = campaign.api.stateOf(run.id());
        Optional<DeadEntry> entry = dead.stream().filter(d -> d.complete() && d.contains(run.id())).findFirst();
        String errorClass = entry.flatMap(e -> field(e, "error_class")).orElse("");
        String message = entry.flatMap(e -> field(e, "error_message")).orElse("");
        int retries = entry.map(e -> ChaosApi.parse(e.head()).getInt("retry_count", -1)).orElse(-1);
        boolean performed = !Ledger.read(campaign.redis, run.id()).isEmpty();
        boolean pass = state.equals("FAILED") && errorClass.endsWith(expectedClass) && retries == 1 && !performed
                && message.length() < READABLE_CHARS;
        campaign.report.check("bad input: " + name, pass, Json.createObjectBuilder()
                .add("summary", "run " + state + ", " + errorClass + ": " + shorten(message) + ", attempts " + retries
                        + (performed ? ", perform WAS called" : ""))
                .add("run", run.id()).add("state", state).add("error_class", errorClass)
                .add("error_message", shorten(message)).add("attempts", retries).add("performed", performed).build());
        return errorClass;
    }

    private String postUnknownName() {
        ChaosServer server = campaign.fleet.upServers().get(0);
        try {
            HttpResponse<String> response = campaign.api.post(server,
                    "{\"chain\":[{\"job\":\"Task\",\"args\":[\"x\",1]},{\"job\":\"java.lang.Runtime\"}]}");
            return response.statusCode() + " " + response.body();
        } catch (IOException e) {
            return "error " + e;
        }
    }

    private static String jidOf(String payload) {
        int at = payload.indexOf("\"jid\":\"");
        return payload.substring(at + 7, payload.indexOf('"', at + 7));
    }

    private static Optional<String> field(DeadEntry entry, String name) {
        if (!entry.complete()) {
            // a truncated head: read the field without parsing (the error fields come before the raw payload)
            int at = entry.head().indexOf("\"" + name + "\":\"");
            if (at < 0) {
                return Optional.empty();
            }
            int from = at + name.length() + 4;
            int to = entry.head().indexOf('"', from);
            return Optional.of(entry.head().substring(from, to < 0 ? entry.head().length() : to));
        }
        try {
            JsonObject o = Json.createReader(new StringReader(entry.head())).readObject();
            return o.get(name) instanceof JsonString s ? Optional.of(s.getString()) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String shorten(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
