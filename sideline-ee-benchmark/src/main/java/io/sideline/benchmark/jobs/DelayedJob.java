package io.sideline.benchmark.jobs;

import io.sideline.benchmark.scenario.Probe;
import io.sideline.benchmark.scenario.Tally;
import io.sideline.ee.SidelineJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The step inside a {@code WithDelay}: stamps when it actually starts, to compare with its due time. */
@SidelineJob
@ApplicationScoped
public class DelayedJob {

    @Inject
    Tally tally;

    public void perform(int epoch, int index) {
        Probe probe = tally.probe(epoch);
        if (probe != null) {
            probe.stampStart(index);
            probe.step();
            probe.finish();
        }
    }
}
