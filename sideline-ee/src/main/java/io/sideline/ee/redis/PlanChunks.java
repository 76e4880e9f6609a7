package io.sideline.ee.redis;

import io.sideline.ee.runtime.Plan;
import io.sideline.ee.runtime.ScriptBudget;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Splits a plan into chunks of at most n elements (chain steps, barriers, jobs, in that order, each by its
 * {@link ScriptBudget#weight}: an item heavier than n goes alone), for {@code stage.lua}. A chain longer than a chunk is split into consecutive parts of its steps, which RPUSH appends
 * in order, so the stored chain is the same as one written at once.
 */
final class PlanChunks {

    private PlanChunks() {
    }

    static List<Plan> split(Plan plan, int n) {
        List<Plan> chunks = new ArrayList<>();
        Acc acc = new Acc(n, chunks);
        for (Plan.ChainSpec chain : plan.chains()) {
            int from = 0;
            for (int i = 0; i < chain.steps().size(); i++) {
                int weight = ScriptBudget.weight(chain.steps().get(i));
                if (acc.wouldOverflow(weight)) {
                    if (i > from) {
                        acc.chains.add(new Plan.ChainSpec(chain.id(), chain.steps().subList(from, i)));
                        from = i;
                    }
                    acc.flush();
                }
                acc.used += weight;
            }
            if (from < chain.steps().size()) {
                acc.chains.add(new Plan.ChainSpec(chain.id(), chain.steps().subList(from, chain.steps().size())));
            }
        }
        for (Plan.BarrierSpec barrier : plan.barriers()) {
            int weight = ScriptBudget.weight(barrier);
            if (acc.wouldOverflow(weight)) {
                acc.flush();
            }
            acc.barriers.add(barrier);
            acc.used += weight;
        }
        for (Plan.PlannedJob job : plan.jobs()) {
            int weight = ScriptBudget.weight(job.payload());
            if (acc.wouldOverflow(weight)) {
                acc.flush();
            }
            acc.jobs.add(job);
            acc.used += weight;
        }
        acc.flush();
        if (plan.graph() != null && !chunks.isEmpty()) {
            // the run's tree is stored by the first chunk, as a launch stores it with its plan
            Plan first = chunks.get(0);
            chunks.set(0, new Plan(first.barriers(), first.jobs(), first.chains(), new TreeSet<>(), null, plan.graph()));
        }
        return chunks;
    }

    private static final class Acc {
        final int n;
        final List<Plan> out;
        List<Plan.ChainSpec> chains = new ArrayList<>();
        List<Plan.BarrierSpec> barriers = new ArrayList<>();
        List<Plan.PlannedJob> jobs = new ArrayList<>();
        int used;

        Acc(int n, List<Plan> out) {
            this.n = n;
            this.out = out;
        }

        /** Whether an item of {@code weight} would take this chunk past n (an item heavier than n goes alone). */
        boolean wouldOverflow(int weight) {
            return used > 0 && used + weight > n;
        }

        void flush() {
            if (used > 0) {
                out.add(new Plan(barriers, jobs, chains));
                chains = new ArrayList<>();
                barriers = new ArrayList<>();
                jobs = new ArrayList<>();
                used = 0;
            }
        }
    }
}
