package io.sideline.benchmark.jobs;

import io.sideline.benchmark.scenario.Probe;
import io.sideline.benchmark.scenario.Tally;
import io.sideline.ee.SidelineJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The last job of a workflow: the scenario ends when every workflow's final job has run. */
@SidelineJob
@ApplicationScoped
public class FinalJob {

    @Inject
    Tally tally;

    public void perform(int epoch) {
        Probe probe = tally.probe(epoch);
        if (probe != null) {
            probe.step();
            probe.finish();
        }
    }
}
