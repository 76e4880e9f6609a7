package io.sideline.benchmark.jobs;

import io.sideline.benchmark.scenario.Probe;
import io.sideline.benchmark.scenario.Tally;
import io.sideline.ee.SidelineJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** A no-op workflow step (the chain heads and the group members of the workflow scenarios). */
@SidelineJob
@ApplicationScoped
public class StepJob {

    @Inject
    Tally tally;

    public void perform(int epoch) {
        Probe probe = tally.probe(epoch);
        if (probe != null) {
            probe.step();
        }
    }
}
