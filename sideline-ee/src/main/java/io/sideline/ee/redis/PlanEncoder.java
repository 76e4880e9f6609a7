package io.sideline.ee.redis;

import io.sideline.ee.codec.JsonText;
import io.sideline.ee.runtime.Plan;

/**
 * Writes a {@link Plan} in the form {@code apply_plan} in {@code _common.lua} reads:
 * {@code {"barriers":[{"id","count","propagate","continuation","root","run"}],"jobs":[{"q","d","p"}],
 * "chains":[{"id","steps":[...]}]}}.
 * Payloads and continuations travel as JSON strings, so Lua never re-encodes them (cjson would round
 * large numbers in job arguments). Built by hand: a plan is written for every launch and every release.
 */
final class PlanEncoder {

    private PlanEncoder() {
    }

    static String encode(Plan plan) {
        int size = 64;
        for (Plan.PlannedJob j : plan.jobs()) {
            size += j.payload().length() + j.payload().length() / 8 + 32;
        }
        StringBuilder out = new StringBuilder(size + 160 * plan.barriers().size());
        out.append("{\"barriers\":[");
        for (int i = 0; i < plan.barriers().size(); i++) {
            Plan.BarrierSpec b = plan.barriers().get(i);
            JsonText.quote(out.append(i == 0 ? "" : ",").append("{\"id\":"), b.id());
            out.append(",\"count\":").append(b.count()).append(",\"propagate\":").append(b.propagate() ? 1 : 0);
            JsonText.quote(out.append(",\"continuation\":"), b.continuation().text());
            out.append(",\"root\":").append(b.root() ? 1 : 0);
            JsonText.quote(out.append(",\"run\":"), b.runId() == null ? "" : b.runId()).append('}');
        }
        out.append("],\"jobs\":[");
        for (int i = 0; i < plan.jobs().size(); i++) {
            Plan.PlannedJob j = plan.jobs().get(i);
            JsonText.quote(out.append(i == 0 ? "" : ",").append("{\"q\":"), j.queue());
            out.append(",\"d\":").append(j.delayMs());
            JsonText.quote(out.append(",\"p\":"), j.payload()).append('}');
        }
        out.append("],\"chains\":[");
        for (int i = 0; i < plan.chains().size(); i++) {
            Plan.ChainSpec c = plan.chains().get(i);
            JsonText.quote(out.append(i == 0 ? "" : ",").append("{\"id\":"), c.id()).append(",\"steps\":[");
            for (int s = 0; s < c.steps().size(); s++) {
                JsonText.quote(s == 0 ? out : out.append(','), c.steps().get(s));
            }
            out.append("]}");
        }
        return out.append("]}").toString();
    }
}
