package io.sideline.benchmark.jobs;

import io.sideline.benchmark.scenario.Probe;
import io.sideline.benchmark.scenario.Tally;
import io.sideline.ee.SidelineJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The no-op job: one argument, like the Sidekiq peer's {@code NoopJob}; counted in-process. */
@SidelineJob
@ApplicationScoped
public class NoopJob {

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
