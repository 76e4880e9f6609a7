package io.sideline.benchmark.jobs;

import io.sideline.benchmark.scenario.Probe;
import io.sideline.benchmark.scenario.Tally;
import io.sideline.ee.SidelineJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * A step of the latency chains: stamps when {@code perform} begins and ends, and ({@link CompletionStamps})
 * when its completion has run, so the scenario can measure from a predecessor's completion to its successor's
 * start, and from a predecessor's end of {@code perform} (which adds the completion script).
 */
@SidelineJob
@ApplicationScoped
public class ChainStepJob {

    @Inject
    Tally tally;

    public void perform(int epoch, int index, boolean last) {
        Probe probe = tally.probe(epoch);
        if (probe == null) {
            return;
        }
        probe.stampStart(index);
        probe.step();
        probe.stampEnd(index);
        if (last) {
            probe.finish();
        }
    }
}
