package io.sideline.ee.runtime;

import io.sideline.ee.MissingBarrierException;
import io.sideline.ee.WorkflowMemory;
import io.sideline.ee.codec.JsonData;

import java.util.LinkedHashMap;

import java.util.List;
import java.util.Map;

/**
 * Completes a job that performed successfully: prepares its callback levels and hands them, with the
 * job's output, to the configured {@link Barrier}. When the barrier cannot write the output atomically
 * (an application's own memory, or the seed's barrier), the output is written to memory first. A missing
 * barrier becomes a {@link MissingBarrierException}.
 */
public final class JobCompleter {

    private final Continuations continuations;
    private final Barrier barrier;
    private final WorkflowMemory memory;
    private final boolean barrierWritesMemory;

    public JobCompleter(Continuations continuations, Barrier barrier, WorkflowMemory memory, boolean barrierWritesMemory) {
        this.continuations = continuations;
        this.barrier = barrier;
        this.memory = memory;
        this.barrierWritesMemory = barrierWritesMemory;
    }

    /** @param output the memory fields the job wrote, see {@link Outputs} */
    public Completion complete(FetchedJob job, Map<String, String> output) {
        List<CallbackLevel> levels = continuations.levelsFor(job.payload());
        if (!barrierWritesMemory && !output.isEmpty() && job.payload().runId() != null) {
            Map<String, Object> values = new LinkedHashMap<>();
            output.forEach((field, json) -> values.put(field, JsonData.parse(json)));
            memory.write(job.payload().runId(), values);
        }
        Completion completion = barrier.complete(job, levels, output);
        if (completion.kind() == Completion.Kind.MISSING_BARRIER) {
            throw new MissingBarrierException(completion.missingBarrier(), job.payload().runId());
        }
        CallbackLevel last = levels.isEmpty() ? null : levels.get(levels.size() - 1);
        if (completion.kind() == Completion.Kind.DONE && last != null && last.continuation() != null
                && completion.released() == levels.size()) {
            // every level released, the last one launching its continuation: cache the barriers its plan
            // created, and forget the plan
            continuations.remember(last.continuation());
            continuations.released(last.barrierId());
        }
        return completion;
    }
}
