package io.sideline.ee.redis;

import io.sideline.ee.codec.JsonText;
import io.sideline.ee.runtime.ChainRef;
import io.sideline.ee.runtime.Plan;

/**
 * The plan encoder of session 7, which wrote a plan straight into the call's {@link KeyList}: kept as the reference
 * {@code PlanEncoderTest} compares the template encoder against, byte for byte. Given an {@link ArgTail} it writes
 * a tailed plan (session 9): each payload and chain step added to the tail where the plan names its position.
 */
final class ReferencePlanEncoder {

    private ReferencePlanEncoder() {
    }

    static String encode(Plan plan, RedisKeys keys, KeyList declared) {
        return encode(plan, null, keys, declared);
    }

    /**
     * A plan of run {@code runId} (null for none): it also names the run's key index ({@code x}, with the entries
     * {@code xs} it adds: {@code b:<id>} per barrier of a group, {@code o:<id>} per barrier of one, {@code c:<id>} per chain), the index of running runs and the run
     * id ({@code rn}, {@code id}: a delayed job makes the run wait, not stall), the collector's set ({@code gc}) and,
     * when the plan carries them, the queues of the run's whole workflow ({@code qs}).
     */
    static String encode(Plan plan, String runId, RedisKeys keys, KeyList declared) {
        return encode(plan, runId, keys, declared, null);
    }

    static String encode(Plan plan, String runId, RedisKeys keys, KeyList declared, ArgTail tail) {
        String body = encodeBody(plan, keys, declared, tail);
        if (runId == null) {
            return body;
        }
        StringBuilder run = new StringBuilder(body.length() + 64 + 24 * (plan.barriers().size() + plan.chains().size()));
        run.append(body, 0, body.length() - 1);
        if (!plan.barriers().isEmpty() || !plan.chains().isEmpty()) {
            run.append(",\"x\":").append(declared.add(keys.runKeys(runId))).append(",\"xs\":[");
            String comma = "";
            for (Plan.BarrierSpec b : plan.barriers()) {
                // a barrier of one never has a member set: the collector need not name one for it
                JsonText.quote(run.append(comma), (b.count() > 1 ? "b:" : "o:") + b.id());
                comma = ",";
            }
            for (Plan.ChainSpec c : plan.chains()) {
                JsonText.quote(run.append(comma), "c:" + c.id());
                comma = ",";
            }
            run.append(']');
        }
        if (plan.jobs().stream().anyMatch(j -> j.delayMs() > 0)) {
            run.append(",\"rn\":").append(declared.add(keys.running()));
            JsonText.quote(run.append(",\"id\":"), runId);
        }
        if (plan.jobs().isEmpty()) { // only an empty workflow finishes as it starts
            run.append(",\"gc\":").append(declared.add(keys.collector()));
        }
        if (!plan.runQueues().isEmpty()) {
            JsonText.quote(run.append(",\"qs\":"), String.join(",", plan.runQueues()));
        }
        return run.append('}').toString();
    }

    private static String encodeBody(Plan plan, RedisKeys keys, KeyList declared, ArgTail tail) {
        int size = 64;
        for (Plan.PlannedJob j : plan.jobs()) {
            size += j.payload().length() + j.payload().length() / 8 + 40;
        }
        StringBuilder out = new StringBuilder(size + 160 * plan.barriers().size());
        // chains first: their keys come before the barriers that refer to them (their text, and a tailed plan's steps,
        // come after the jobs)
        int[] chainKeys = new int[plan.chains().size()];
        for (int i = 0; i < plan.chains().size(); i++) {
            chainKeys[i] = declared.add(keys.chain(plan.chains().get(i).id()));
        }
        out.append(tail != null ? "{\"bs\":[" : "{\"barriers\":[");
        for (int i = 0; i < plan.barriers().size(); i++) {
            Plan.BarrierSpec b = plan.barriers().get(i);
            if (tail != null) { // eight values a barrier, in one flat array; what Redis only stores as JSON strings
                out.append(i == 0 ? "" : ",").append(declared.add(keys.barrier(b.id())));
                out.append(",\"").append(b.count()).append("\",\"").append(b.propagate() ? 1 : 0).append('"');
                JsonText.quote(out.append(','), b.continuation().text());
                out.append(",\"").append(b.root() ? 1 : 0).append('"');
                JsonText.quote(out.append(','), b.runId() == null ? "" : b.runId());
                out.append(',').append(b.continuation() instanceof ChainRef ref ? declared.add(keys.chain(ref.chainId())) : 0);
                out.append(",\"").append(b.node() >= 0 ? String.valueOf(b.node()) : "").append('"');
                continue;
            }
            out.append(i == 0 ? "" : ",").append("{\"k\":").append(declared.add(keys.barrier(b.id())));
            out.append(",\"count\":").append(b.count()).append(",\"propagate\":").append(b.propagate() ? 1 : 0);
            JsonText.quote(out.append(",\"continuation\":"), b.continuation().text());
            out.append(",\"root\":").append(b.root() ? 1 : 0);
            JsonText.quote(out.append(",\"run\":"), b.runId() == null ? "" : b.runId());
            int chain = b.continuation() instanceof ChainRef ref ? declared.add(keys.chain(ref.chainId())) : 0;
            out.append(",\"ck\":").append(chain);
            if (b.node() >= 0) {
                out.append(",\"node\":").append(b.node());
            }
            out.append('}');
        }
        out.append(tail != null ? "],\"js\":[" : "],\"jobs\":[");
        for (int i = 0; i < plan.jobs().size(); i++) {
            Plan.PlannedJob j = plan.jobs().get(i);
            int queue = j.delayMs() > 0 ? 0 : declared.add(keys.queue(j.queue()));
            if (tail != null) { // seven values a job, in one flat array
                out.append(i == 0 ? "" : ",").append(queue);
                JsonText.quote(out.append(','), j.queue());
                out.append(",\"").append(j.delayMs()).append("\",").append(tail.add(j.payload()));
                if (j.node() != null) {
                    out.append(",\"").append(j.node().index()).append("\",").append(declared.add(keys.nodes(j.node().runId())));
                    JsonText.quote(out.append(','), j.node().jid());
                } else {
                    out.append(",\"\",0,\"\"");
                }
                continue;
            }
            out.append(i == 0 ? "" : ",").append("{\"k\":").append(queue);
            JsonText.quote(out.append(",\"q\":"), j.queue());
            out.append(",\"d\":").append(j.delayMs());
            JsonText.quote(out.append(",\"p\":"), j.payload());
            if (j.node() != null) {
                out.append(",\"n\":").append(j.node().index()).append(",\"nk\":").append(declared.add(keys.nodes(j.node().runId())));
                JsonText.quote(out.append(",\"j\":"), j.node().jid());
            }
            out.append('}');
        }
        out.append(']');
        if (tail == null || !plan.chains().isEmpty()) {
            out.append(",\"chains\":[");
        }
        for (int i = 0; i < plan.chains().size(); i++) {
            Plan.ChainSpec c = plan.chains().get(i);
            out.append(i == 0 ? "" : ",").append("{\"k\":").append(chainKeys[i]).append(tail != null ? ",\"sa\":[" : ",\"steps\":[");
            for (int s = 0; s < c.steps().size(); s++) {
                if (tail != null) {
                    (s == 0 ? out : out.append(',')).append(tail.add(c.steps().get(s)));
                } else {
                    JsonText.quote(s == 0 ? out : out.append(','), c.steps().get(s));
                }
            }
            out.append("]}");
        }
        if (tail == null || !plan.chains().isEmpty()) {
            out.append(']');
        }
        if (plan.onFailure() != null) {
            JsonText.quote(out.append(",\"on_failure\":"), plan.onFailure()); // a launch's policy, see start_run
        }
        if (plan.callbacks() != null) {
            // a launch's callbacks, stored with the run; its end is announced in the list named by fk (_ends.lua)
            JsonText.quote(out.append(",\"cb\":"), plan.callbacks());
            out.append(",\"fk\":").append(declared.add(keys.finished()));
        }
        if (plan.graph() != null) {
            out.append(",\"gk\":").append(declared.add(keys.nodes(plan.graph().runId())));
            JsonText.quote(out.append(",\"graph\":"), plan.graph().json());
        }
        return out.append('}').toString();
    }
}
