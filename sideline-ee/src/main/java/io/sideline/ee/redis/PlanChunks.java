package io.sideline.ee.redis;

import io.sideline.ee.runtime.Plan;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Splits a plan into chunks of at most n elements (chain steps, barriers, jobs, in that order), for
 * {@code stage.lua}. A chain longer than a chunk is split into consecutive parts of its steps, which RPUSH appends
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
            while (from < chain.steps().size()) {
                int take = Math.min(acc.room(), chain.steps().size() - from);
                acc.chains.add(new Plan.ChainSpec(chain.id(), chain.steps().subList(from, from + take)));
                acc.used += take;
                from += take;
                acc.flushIfFull();
            }
        }
        for (Plan.BarrierSpec barrier : plan.barriers()) {
            acc.barriers.add(barrier);
            acc.used++;
            acc.flushIfFull();
        }
        for (Plan.PlannedJob job : plan.jobs()) {
            acc.jobs.add(job);
            acc.used++;
            acc.flushIfFull();
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

        int room() {
            return n - used;
        }

        void flushIfFull() {
            if (used >= n) {
                flush();
            }
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
