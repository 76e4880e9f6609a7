package io.sideline.ee.runtime;

import io.sideline.ee.MissingBarrierException;

import java.util.List;

/**
 * Completes a job that performed successfully: prepares its callback levels and hands them to the
 * configured {@link Barrier}. A missing barrier becomes a {@link MissingBarrierException}.
 */
public final class JobCompleter {

    private final Continuations continuations;
    private final Barrier barrier;

    public JobCompleter(Continuations continuations, Barrier barrier) {
        this.continuations = continuations;
        this.barrier = barrier;
    }

    public Completion complete(FetchedJob job) {
        List<CallbackLevel> levels = continuations.levelsFor(job.payload());
        Completion completion = barrier.complete(job, levels);
        if (completion.outcome() == Completion.Outcome.MISSING_BARRIER) {
            throw new MissingBarrierException(completion.detail(), job.payload().runId());
        }
        if (completion.outcome() == Completion.Outcome.DONE) {
            levels.stream().filter(l -> l.continuation() != null).forEach(l -> continuations.remember(l.continuation()));
        }
        return completion;
    }
}
