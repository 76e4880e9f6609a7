package io.sideline.ee.redis;

import io.sideline.ee.codec.JsonText;
import io.sideline.ee.runtime.ChainRef;
import io.sideline.ee.runtime.Plan;

/**
 * Writes a {@link Plan} in the form {@code apply_plan} in {@code _common.lua} reads:
 * {@code {"barriers":[{"k","count","propagate","continuation","root","run","ck"}],"jobs":[{"k","q","d","p"}],
 * "chains":[{"k","steps":[...]}]}}. Every key the plan touches is added to the call's {@link KeyList} and named
 * by its position in {@code KEYS}: {@code k} a barrier's hash, a job's queue list (0 for a delayed job, which goes
 * to the schedule) or a chain's list; {@code ck} the chain a barrier's continuation refers to (0 for none).
 * Payloads and continuations travel as JSON strings, so Lua never re-encodes them (cjson would round
 * large numbers in job arguments). Built by hand: a plan is written for every launch and every release.
 */
final class PlanEncoder {

    private PlanEncoder() {
    }

    static String encode(Plan plan, RedisKeys keys, KeyList declared) {
        return encode(plan, null, keys, declared);
    }

    /**
     * A plan of run {@code runId} (null for none): it also names the run's key index ({@code x}, with the entries
     * {@code xs} it adds: {@code b:<id>} per barrier of a group, {@code o:<id>} per barrier of one, {@code c:<id>} per chain;
     * a run whose only barrier is its root gets no index but that one entry, {@code xr}, kept in its hash), the index of running runs and the run
     * id ({@code rn}, {@code id}: a delayed job makes the run wait, not stall), the collector's set ({@code gc}) and,
     * when the plan carries them, the queues of the run's whole workflow ({@code qs}).
     */
    static String encode(Plan plan, String runId, RedisKeys keys, KeyList declared) {
        return encode(plan, runId, keys, declared, 0);
    }

    /**
     * A plan of run {@code runId} whose run tree travels as its own script argument, ARGV[{@code graphArg}] ({@code
     * ga}), not inside the plan: neither escaped here nor decoded by cjson ({@code graphArg} 0: inside, {@code graph}).
     * The caller passes {@link #graphOf} at that position.
     */
    static String encode(Plan plan, String runId, RedisKeys keys, KeyList declared, int graphArg) {
        String body = encodeBody(plan, keys, declared, graphArg);
        if (runId == null) {
            return body;
        }
        StringBuilder run = new StringBuilder(body.length() + 64 + 24 * (plan.barriers().size() + plan.chains().size()));
        run.append(body, 0, body.length() - 1);
        if (rootOnly(plan)) {
            // nothing to collect beyond the keys the finishing call declares: no key index, its entry in the run's hash
            JsonText.quote(run.append(",\"xr\":"), "o:" + plan.barriers().get(0).id());
        } else if (!plan.barriers().isEmpty() || !plan.chains().isEmpty()) {
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
        run.append(",\"gc\":").append(declared.add(keys.collector()));
        if (!plan.runQueues().isEmpty()) {
            JsonText.quote(run.append(",\"qs\":"), String.join(",", plan.runQueues()));
        }
        return run.append('}').toString();
    }

    /** A run whose only barrier is its root (a one-job run): its launch creates no other key to collect. */
    private static boolean rootOnly(Plan plan) {
        return plan.barriers().size() == 1 && plan.chains().isEmpty() && plan.barriers().get(0).root()
                && plan.barriers().get(0).count() == 1;
    }

    /** The run tree a plan encoded with a graph argument leaves to its caller ('' when it has none). */
    static String graphOf(Plan plan) {
        return plan.graph() == null ? "" : plan.graph().json();
    }

    private static String encodeBody(Plan plan, RedisKeys keys, KeyList declared, int graphArg) {
        int size = 64;
        for (Plan.PlannedJob j : plan.jobs()) {
            size += j.payload().length() + j.payload().length() / 8 + 40;
        }
        StringBuilder out = new StringBuilder(size + 160 * plan.barriers().size());
        // chains first: their keys come before the barriers that refer to them
        StringBuilder chains = new StringBuilder();
        for (int i = 0; i < plan.chains().size(); i++) {
            Plan.ChainSpec c = plan.chains().get(i);
            chains.append(i == 0 ? "" : ",").append("{\"k\":").append(declared.add(keys.chain(c.id()))).append(",\"steps\":[");
            for (int s = 0; s < c.steps().size(); s++) {
                JsonText.quote(s == 0 ? chains : chains.append(','), c.steps().get(s));
            }
            chains.append("]}");
        }
        out.append("{\"barriers\":[");
        for (int i = 0; i < plan.barriers().size(); i++) {
            Plan.BarrierSpec b = plan.barriers().get(i);
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
        out.append("],\"jobs\":[");
        for (int i = 0; i < plan.jobs().size(); i++) {
            Plan.PlannedJob j = plan.jobs().get(i);
            int queue = j.delayMs() > 0 ? 0 : declared.add(keys.queue(j.queue()));
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
        out.append("],\"chains\":[").append(chains).append(']');
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
            if (graphArg > 0) {
                out.append(",\"ga\":").append(graphArg);
            } else {
                JsonText.quote(out.append(",\"graph\":"), plan.graph().json());
            }
        }
        return out.append('}').toString();
    }
}
