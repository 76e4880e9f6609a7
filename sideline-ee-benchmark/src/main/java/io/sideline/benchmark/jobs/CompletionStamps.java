package io.sideline.benchmark.jobs;

import io.sideline.benchmark.scenario.Probe;
import io.sideline.benchmark.scenario.Tally;
import io.sideline.ee.cdi.PortDecorators;
import io.sideline.ee.runtime.Barrier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Stamps the completion of a {@link ChainStepJob} when the library's completion (its Redis script, which enqueues the
 * successor) has returned: the start of the step latency "from a predecessor's completion to its successor's start".
 * The completion runs after the job's interceptors have returned (once its transaction, if any, committed), so it is
 * observed where the library completes, through the port hook applications may decorate, not around {@code perform}.
 */
@ApplicationScoped
public class CompletionStamps implements PortDecorators {

    @Inject
    Tally tally;

    @Override
    public Barrier decorate(Barrier barrier) {
        return (job, levels, output) -> {
            var completion = barrier.complete(job, levels, output);
            if ("ChainStepJob".equals(job.payload().jobName())) {
                stamp(job.payload().argsJson());
            }
            return completion;
        };
    }

    /** {@code [epoch, index, last]}, as {@link ChainStepJob#perform} takes them. */
    private void stamp(String args) {
        int comma = args.indexOf(',');
        int second = args.indexOf(',', comma + 1);
        Probe probe = tally.peek(Integer.parseInt(args.substring(1, comma).trim()));
        if (probe != null) {
            probe.stampCompleted(Integer.parseInt(args.substring(comma + 1, second).trim()));
        }
    }
}
