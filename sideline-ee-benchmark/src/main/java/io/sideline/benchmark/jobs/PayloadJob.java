package io.sideline.benchmark.jobs;

import io.sideline.benchmark.scenario.Probe;
import io.sideline.benchmark.scenario.Tally;
import io.sideline.ee.JobContext;
import io.sideline.ee.SidelineJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Reports the size of its own payload as stored in Redis ({@link JobContext#payloadSize()}). */
@SidelineJob
@ApplicationScoped
public class PayloadJob {

    @Inject
    Tally tally;
    @Inject
    JobContext job;

    /** @param kind 0 for a group member, 1 for a step of the chain that follows the group */
    public void perform(int epoch, int kind) {
        Probe probe = tally.probe(epoch);
        if (probe != null) {
            probe.payload(job.payloadSize(), kind);
            probe.step();
            probe.finish();
        }
    }
}
