package io.sideline.sample.it;

import io.sideline.ee.model.Step;
import io.sideline.ee.test.DagAssert;
import io.sideline.ee.test.Execution;
import io.sideline.sample.records.ExecutionRecord;

import java.time.Instant;
import java.util.List;

/** The sample's execution records as the kit's {@link DagAssert} reads them (shared with the WildFly ITs). */
public final class SampleRecords {

    private SampleRecords() {
    }

    /** A DagAssert for a sample workflow: Record jobs are labelled by their argument, Task1..Task4 by their name. */
    public static DagAssert dagOf(Step workflow) {
        return DagAssert.forWorkflow(workflow).labelledBy(DagAssert::firstArgumentOrName);
    }

    /** The records as executions: ordered by the run's counter, delays checked with their wall-clock times. */
    public static List<Execution> executions(List<ExecutionRecord> records) {
        return records.stream().map(r -> new Execution(null, r.label(), r.seqStart(), r.seqEnd(),
                Instant.ofEpochMilli(r.startMs()), Instant.ofEpochMilli(r.endMs()))).toList();
    }
}
