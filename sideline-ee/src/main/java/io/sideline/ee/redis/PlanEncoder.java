package io.sideline.ee.redis;

import io.sideline.ee.codec.JsonText;
import io.sideline.ee.runtime.ChainRef;
import io.sideline.ee.runtime.Plan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes a {@link Plan} in the form {@code apply_plan} in {@code _common.lua} reads:
 * {@code {"barriers":[{"k","count","propagate","continuation","root","run","ck"}],"jobs":[{"k","q","d","p"}],
 * "chains":[{"k","steps":[...]}]}}. Every key the plan touches is added to the call's {@link KeyList} and named
 * by its position in {@code KEYS}: {@code k} a barrier's hash, a job's queue list (0 for a delayed job, which goes
 * to the schedule) or a chain's list; {@code ck} the chain a barrier's continuation refers to (0 for none).
 * Payloads and continuations travel as JSON strings, so Lua never re-encodes them (cjson would round
 * large numbers in job arguments). Built by hand: a plan is written for every launch and every release.
 *
 * <p>A plan written for an {@link ArgTail} ({@link #tailed}) carries no payload or chain step itself: a job names its
 * payload's ARGV position, a chain its steps' ({@code "sa"} in place of {@code "steps"}), and the call passes them
 * after its own arguments, so Lua never decodes them with cjson; its jobs are one flat array ({@link #writeTailedJobs}).
 *
 * <p>A plan is first written as a {@link Template}, its text with the keys' positions left open, then filled in
 * for one call's {@link KeyList}: the members of a group all carry their continuation's plan, in calls whose KEYS
 * differ (a member's memory, its prefetch queue), and {@link RedisScripts} fills one template for all of them.
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
        return template(plan, runId, keys, 0, false, false).fill(declared);
    }

    /**
     * {@link #encode}, but its chain steps go into {@code tail} and the chains name their positions ({@code sa}), as a
     * tailed plan's do: a stage chunk's jobs stay inside the plan, while a stored step can be a whole big group (a
     * 50,000-job step is ~1.7 MB), which cjson decoding inside the plan held stage.lua for 31 ms (2026-12-05).
     */
    static String encodeStepsTailed(Plan plan, String runId, RedisKeys keys, KeyList declared, ArgTail tail) {
        return template(plan, runId, keys, 0, false, false, true).fill(declared, tail);
    }

    /** The text {@link #encode} writes, with the positions of its keys left open. */
    static Template template(Plan plan, String runId, RedisKeys keys) {
        return template(plan, runId, keys, 0, false, false);
    }

    /**
     * The text of a plan whose payloads and chain steps go into the call's {@link ArgTail}, with the positions of its
     * keys and of those arguments left open (see {@link Template#fill(KeyList, ArgTail)}). With {@code graphArg} > 0 the
     * run's tree travels as the script argument ARGV[{@code graphArg}] ({@code ga}), not inside the plan: neither
     * escaped here nor decoded by cjson; the caller passes {@link #graphOf} at that position (0: inside, {@code graph}).
     */
    static Template tailed(Plan plan, String runId, RedisKeys keys, int graphArg) {
        return template(plan, runId, keys, graphArg, true, false);
    }

    /**
     * As {@link #tailed(Plan, String, RedisKeys, int)}; with {@code rootInHash} a run whose only barrier is its root (a
     * one-job run) keeps that root in its hash ({@code xr} {@code r:<id>}) and its launch writes no barrier key
     * (complete.lua reads the root from the hash's {@code x}; since 2026-12-05 session 14).
     */
    static Template tailed(Plan plan, String runId, RedisKeys keys, int graphArg, boolean rootInHash) {
        return template(plan, runId, keys, graphArg, true, rootInHash);
    }

    private static Template template(Plan plan, String runId, RedisKeys keys, int graphArg, boolean tailed,
                                     boolean rootInHash) {
        return template(plan, runId, keys, graphArg, tailed, rootInHash, tailed);
    }

    /** @param tailSteps the chain steps go into the call's tail (always with {@code tailed}) */
    private static Template template(Plan plan, String runId, RedisKeys keys, int graphArg, boolean tailed,
                                     boolean rootInHash, boolean tailSteps) {
        boolean kept = runId != null && rootInHash && rootOnly(plan);
        Writer run = encodeBody(plan, keys, graphArg, tailed, tailSteps, kept);
        if (runId == null) {
            return run.template();
        }
        run.text.setLength(run.text.length() - 1); // reopen the body's object
        if (kept) {
            // its root in its hash: no barrier key, no key index
            JsonText.quote(run.text.append(",\"xr\":"), "r:" + plan.barriers().get(0).id());
        } else if (rootOnly(plan)) {
            // nothing to collect beyond the keys the finishing call declares: no key index, its entry in the run's hash
            JsonText.quote(run.text.append(",\"xr\":"), "o:" + plan.barriers().get(0).id());
        } else if (!plan.barriers().isEmpty() || !plan.chains().isEmpty()) {
            run.text.append(",\"x\":");
            run.key(keys.runKeys(runId)).text.append(",\"xs\":[");
            String comma = "";
            for (Plan.BarrierSpec b : plan.barriers()) {
                // a barrier of one never has a member set: the collector need not name one for it
                JsonText.quote(run.text.append(comma), (b.count() > 1 ? "b:" : "o:") + b.id());
                comma = ",";
            }
            for (Plan.ChainSpec c : plan.chains()) {
                JsonText.quote(run.text.append(comma), "c:" + c.id());
                comma = ",";
            }
            run.text.append(']');
        }
        if (delays(plan)) {
            run.text.append(",\"rn\":");
            run.key(keys.running());
            JsonText.quote(run.text.append(",\"id\":"), runId);
        }
        if (plan.jobs().isEmpty()) {
            // only an empty workflow finishes as it starts, entering the collector's set (start_run)
            run.text.append(",\"gc\":");
            run.key(keys.collector());
        }
        if (!plan.runQueues().isEmpty()) {
            JsonText.quote(run.text.append(",\"qs\":"), String.join(",", plan.runQueues()));
        }
        run.text.append('}');
        return run.template();
    }

    /** A run whose only barrier is its root (a one-job run): its launch creates no other key to collect. */
    private static boolean rootOnly(Plan plan) {
        return plan.barriers().size() == 1 && plan.chains().isEmpty() && plan.barriers().get(0).root()
                && plan.barriers().get(0).count() == 1;
    }

    /**
     * Where a launch writes its run's graph (the tree and its job nodes' states): a one-job run's own hash
     * ({@code P run:<runId>}, since 2026-12-05 session 11: one key and two commands less per one-job run), any other
     * run's {@code P nodes:<runId>}. The scripts that write a node later tell a one-job run by its hash's {@code x}
     * (written with {@code xr}, see {@link #rootOnly}; _common.lua's {@code graph_of}).
     */
    private static String graphKey(Plan plan, RedisKeys keys, String runId) {
        return rootOnly(plan) ? keys.run(runId) : keys.nodes(runId);
    }

    /** The run tree a plan encoded with a graph argument leaves to its caller ('' when it has none). */
    static String graphOf(Plan plan) {
        return plan.graph() == null ? "" : plan.graph().json();
    }

    static boolean delays(Plan plan) {
        for (Plan.PlannedJob j : plan.jobs()) {
            if (j.delayMs() > 0) {
                return true;
            }
        }
        return false;
    }

    /** @param noBarriers write none of the plan's barriers (a one-job run's root kept in its hash) */
    private static Writer encodeBody(Plan plan, RedisKeys keys, int graphArg, boolean tailed, boolean tailSteps,
                                     boolean noBarriers) {
        int size = 64;
        for (Plan.PlannedJob j : plan.jobs()) {
            size += tailed ? 48 : j.payload().length() + j.payload().length() / 8 + 40; // a tailed plan holds no payload
        }
        Writer out = new Writer(size + 160 * plan.barriers().size() + 96);
        // chains first: their keys come before the barriers that refer to them
        Writer chains = new Writer(plan.chains().isEmpty() ? 0 : 256);
        for (int i = 0; i < plan.chains().size(); i++) {
            Plan.ChainSpec c = plan.chains().get(i);
            chains.text.append(i == 0 ? "{\"k\":" : ",{\"k\":");
            chains.key(keys.chain(c.id())).text.append(tailSteps ? ",\"sa\":[" : ",\"steps\":[");
            for (int s = 0; s < c.steps().size(); s++) {
                if (s > 0) {
                    chains.text.append(',');
                }
                if (tailSteps) {
                    chains.arg(c.steps().get(s));
                } else {
                    JsonText.quote(chains.text, c.steps().get(s));
                }
            }
            chains.text.append("]}");
        }
        out.declareFirst(chains);
        StringBuilder text = out.text;
        List<Plan.BarrierSpec> barriers = noBarriers ? List.of() : plan.barriers();
        if (tailed) {
            writeTailedBarriers(barriers, keys, out);
            writeTailedJobs(plan, keys, out);
        } else {
            writeBarriers(barriers, keys, out);
            text.append("],\"jobs\":[");
            for (int i = 0; i < plan.jobs().size(); i++) {
                Plan.PlannedJob j = plan.jobs().get(i);
                text.append(i == 0 ? "{\"k\":" : ",{\"k\":");
                if (j.delayMs() > 0) {
                    text.append(0);
                } else {
                    out.key(keys.queue(j.queue()));
                }
                JsonText.quote(text.append(",\"q\":"), j.queue());
                text.append(",\"d\":").append(j.delayMs());
                JsonText.quote(text.append(",\"p\":"), j.payload());
                if (j.node() != null) {
                    text.append(",\"n\":").append(j.node().index()).append(",\"nk\":");
                    out.key(graphKey(plan, keys, j.node().runId()));
                    JsonText.quote(text.append(",\"j\":"), j.node().jid());
                }
                text.append('}');
            }
        }
        text.append(']');
        if (!tailed || !plan.chains().isEmpty()) { // a tailed plan leaves out an empty list (apply_plan reads none)
            text.append(",\"chains\":[");
            out.append(chains);
            text.append(']');
        }
        if (plan.onFailure() != null) {
            JsonText.quote(text.append(",\"on_failure\":"), plan.onFailure()); // a launch's policy, see start_run
        }
        if (plan.callbacks() != null) {
            // a launch's callbacks, stored with the run; its end is announced in the list named by fk (_ends.lua)
            JsonText.quote(text.append(",\"cb\":"), plan.callbacks());
            text.append(",\"fk\":");
            out.key(keys.finished());
        }
        if (plan.graph() != null) {
            text.append(",\"gk\":");
            out.key(graphKey(plan, keys, plan.graph().runId()));
            if (graphArg > 0) {
                text.append(",\"ga\":").append(graphArg);
            } else {
                JsonText.quote(text.append(",\"graph\":"), plan.graph().json());
            }
        }
        text.append('}');
        return out;
    }

    /** A plan's barriers as objects: {@code "barriers":[{"k","count","propagate","continuation","root","run","ck"}]}. */
    private static void writeBarriers(List<Plan.BarrierSpec> barriers, RedisKeys keys, Writer out) {
        StringBuilder text = out.text;
        text.append("{\"barriers\":[");
        for (int i = 0; i < barriers.size(); i++) {
            Plan.BarrierSpec b = barriers.get(i);
            text.append(i == 0 ? "{\"k\":" : ",{\"k\":");
            out.key(keys.barrier(b.id()));
            text.append(",\"count\":").append(b.count()).append(",\"propagate\":").append(b.propagate() ? 1 : 0);
            JsonText.quote(text.append(",\"continuation\":"), b.continuation().text());
            text.append(",\"root\":").append(b.root() ? 1 : 0);
            JsonText.quote(text.append(",\"run\":"), b.runId() == null ? "" : b.runId());
            text.append(",\"ck\":");
            if (b.continuation() instanceof ChainRef ref) {
                out.key(keys.chain(ref.chainId()));
            } else {
                text.append(0);
            }
            if (b.node() >= 0) {
                text.append(",\"node\":").append(b.node());
            }
            text.append('}');
        }
    }

    /**
     * A tailed plan's barriers as one flat array, eight values a barrier ({@code "bs"}: the hash's KEYS position, count,
     * propagate, continuation, root, run id, the KEYS position of the chain its continuation refers to (0 for none) and
     * the graph node of its continuation's first job ("" for none)), the values Redis only stores as JSON strings:
     * cjson makes no table, no field name and no number of them, and {@code redis.call} formats no number.
     */
    private static void writeTailedBarriers(List<Plan.BarrierSpec> barriers, RedisKeys keys, Writer out) {
        StringBuilder text = out.text;
        text.append("{\"bs\":[");
        for (int i = 0; i < barriers.size(); i++) {
            Plan.BarrierSpec b = barriers.get(i);
            if (i > 0) {
                text.append(',');
            }
            out.key(keys.barrier(b.id()));
            text.append(",\"").append(b.count()).append(b.propagate() ? "\",\"1\"" : "\",\"0\"");
            JsonText.quote(text.append(','), b.continuation().text());
            text.append(b.root() ? ",\"1\"" : ",\"0\"");
            JsonText.quote(text.append(','), b.runId() == null ? "" : b.runId());
            text.append(',');
            if (b.continuation() instanceof ChainRef ref) {
                out.key(keys.chain(ref.chainId()));
            } else {
                text.append(0);
            }
            if (b.node() >= 0) {
                text.append(",\"").append(b.node()).append('"');
            } else {
                text.append(",\"\"");
            }
        }
    }

    /**
     * A tailed plan's jobs as one flat array, seven values a job ({@code "js"}: the queue's KEYS position (0 for a
     * delayed job), the queue, the delay (a JSON string), the payload's ARGV position, the graph node (a JSON string), the
     * graph's KEYS position and the jid, the last three "", 0 and "" for a job of no graph): cjson makes no table and no
     * field name per job, ~70 % of what decoding a group's plan cost, and no number but the positions.
     */
    private static void writeTailedJobs(Plan plan, RedisKeys keys, Writer out) {
        StringBuilder text = out.text;
        text.append("],\"js\":[");
        for (int i = 0; i < plan.jobs().size(); i++) {
            Plan.PlannedJob j = plan.jobs().get(i);
            if (i > 0) {
                text.append(',');
            }
            if (j.delayMs() > 0) {
                text.append(0);
            } else {
                out.key(keys.queue(j.queue()));
            }
            JsonText.quote(text.append(','), j.queue());
            text.append(",\"").append(j.delayMs()).append("\",");
            out.arg(j.payload());
            if (j.node() != null) {
                text.append(",\"").append(j.node().index()).append("\",");
                out.key(graphKey(plan, keys, j.node().runId()));
                JsonText.quote(text.append(','), j.node().jid());
            } else {
                text.append(",\"\",0,\"\"");
            }
        }
    }

    /**
     * Collects a template: the text, and each key with the place its position goes. Keys are declared to the call's
     * {@link KeyList} in the order they were written here (a key met first gets the lower position), which need not
     * be their order in the text: a plan's chains are declared before its barriers but written after its jobs.
     */
    private static final class Writer {
        final StringBuilder text;
        private final List<String> keys = new ArrayList<>();
        private int[] offsets = new int[8];
        /** The arguments of a tailed plan (payloads, chain steps) and where their positions go in the text. */
        private final List<String> args = new ArrayList<>(0);
        private final List<Integer> argOffsets = new ArrayList<>(0);

        Writer(int capacity) {
            text = new StringBuilder(capacity);
        }

        /** A key whose position goes here in the text. */
        Writer key(String key) {
            add(key, text.length());
            return this;
        }

        /** An argument of the call's tail (a payload, a chain step) whose position goes here in the text. */
        void arg(String value) {
            argOffsets.add(text.length());
            args.add(value);
        }

        private void add(String key, int offset) {
            if (keys.size() == offsets.length) {
                offsets = Arrays.copyOf(offsets, offsets.length * 2);
            }
            offsets[keys.size()] = offset;
            keys.add(key);
        }

        /** Declares the keys of {@code part} now (before this writer's own), its text to be appended later. */
        void declareFirst(Writer part) {
            for (int i = 0; i < part.keys.size(); i++) {
                add(part.keys.get(i), -1); // placed by append
            }
        }

        /** Appends the text of the part declared by {@link #declareFirst}, placing its keys' and arguments' positions. */
        void append(Writer part) {
            int base = text.length();
            for (int i = 0; i < part.keys.size(); i++) {
                offsets[i] = base + part.offsets[i];
            }
            for (int i = 0; i < part.args.size(); i++) {
                argOffsets.add(base + part.argOffsets.get(i));
                args.add(part.args.get(i));
            }
            text.append(part.text);
        }

        Template template() {
            int n = keys.size();
            int m = args.size();
            // slots: key i as i, argument j as -(j + 1); ordered by where their positions go in the text. Sorted as
            // primitives (offset, then declaration order: stable), not boxed through a comparator: a launch makes a
            // template for every run it starts
            long[] order = new long[n + m];
            for (int i = 0; i < n + m; i++) {
                order[i] = ((long) offsetOf(i < n ? i : -(i - n + 1)) << 32) | i;
            }
            Arrays.sort(order);
            int[] slots = new int[n + m];
            int[] at = new int[n + m];
            for (int i = 0; i < n + m; i++) {
                int seq = (int) order[i];
                slots[i] = seq < n ? seq : -(seq - n + 1);
                at[i] = (int) (order[i] >>> 32);
            }
            return new Template(text.toString(), keys.toArray(new String[0]), args.toArray(new String[0]), slots, at);
        }

        private int offsetOf(int slot) {
            return slot >= 0 ? offsets[slot] : argOffsets.get(-slot - 1);
        }
    }

    /**
     * A plan's text with the positions of its keys (and, for a tailed plan, of its arguments) left open: {@code keys}
     * in the order they are declared, {@code slots[i]} what goes at {@code at[i]} (ascending): key {@code k} as
     * {@code k}, argument {@code j} as {@code -(j + 1)}. Immutable: one template serves every call that carries the
     * same plan, whatever the KEYS and arguments before it.
     */
    static final class Template {
        private final String text;
        private final String[] keys;
        private final String[] args;
        private final int[] slots;
        private final int[] at;

        private Template(String text, String[] keys, String[] args, int[] slots, int[] at) {
            this.text = text;
            this.keys = keys;
            this.args = args;
            this.slots = slots;
            this.at = at;
        }

        /** The plan's text for a call: its keys added to {@code declared} (in their order), their positions filled in. */
        String fill(KeyList declared) {
            if (args.length > 0) {
                throw new IllegalStateException("a tailed plan needs the call's argument tail");
            }
            return fill(declared, null);
        }

        /**
         * The plan's text for a call: its keys added to {@code declared} (in their order), its payloads and chain steps
         * to {@code tail} (in the text's order), their positions filled in.
         */
        String fill(KeyList declared, ArgTail tail) {
            int[] positions = new int[keys.length];
            for (int i = 0; i < keys.length; i++) {
                positions[i] = declared.add(keys[i]);
            }
            StringBuilder out = new StringBuilder(text.length() + 4 * slots.length);
            int from = 0;
            for (int i = 0; i < slots.length; i++) {
                int slot = slots[i];
                out.append(text, from, at[i]).append(slot >= 0 ? positions[slot] : tail.add(args[-slot - 1]));
                from = at[i];
            }
            return out.append(text, from, text.length()).toString();
        }
    }
}
