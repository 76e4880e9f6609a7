package io.sideline.ee.cdi;

import io.sideline.ee.runtime.Barrier;
import io.sideline.ee.runtime.JobQueue;
import io.sideline.ee.runtime.RunEnds;
import io.sideline.ee.runtime.RunStore;
import io.sideline.ee.runtime.Scheduler;
import io.sideline.ee.runtime.WorkerRegistry;

/**
 * Wraps sideline-ee's ports (queue, barrier, scheduler, processes) when an application provides a CDI bean of
 * this type. It exists for fault injection: a test deployment decorates the ports to halt the JVM at named
 * points (after a fetch, before or after a completion, after a promotion, after a reap) and proves that every
 * run still completes, or throws {@code Error}s into the worker's loops to prove that none dies of them. Production deployments provide no such bean, so no decorator sits on their code paths.
 */
public interface PortDecorators {

    default JobQueue decorate(JobQueue queue) {
        return queue;
    }

    default Barrier decorate(Barrier barrier) {
        return barrier;
    }

    default Scheduler decorate(Scheduler scheduler) {
        return scheduler;
    }

    default WorkerRegistry decorate(WorkerRegistry processes) {
        return processes;
    }

    /** Wraps the run store as the worker's stall detector sees it. */
    default RunStore decorate(RunStore runs) {
        return runs;
    }

    /** Wraps the announced run ends as the worker's end loop sees them (to halt a server mid-delivery). */
    default RunEnds decorate(RunEnds ends) {
        return ends;
    }
}
