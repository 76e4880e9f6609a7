package io.sideline.chaos.jobs;

import io.sideline.chaos.faults.Arms;
import io.sideline.chaos.faults.CrashPoint;
import io.sideline.chaos.ledger.Ledger;
import io.sideline.ee.JobContext;
import io.sideline.ee.SidelineJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The campaign's workhorse: {@code {"job":"Task","args":["r12-3", 250]}} records one execution of label r12-3 in
 * the ledger, working 250 ms between its start and end entries. Halts inside {@code perform} when the driver armed
 * {@link CrashPoint#PERFORM} for its label.
 */
@ApplicationScoped
@SidelineJob("Task")
public class Task {

    @Inject
    JobContext job;
    @Inject
    Ledger ledger;
    @Inject
    Arms arms;

    public void perform(String label, Long workMs) {
        Ledger.Execution execution = ledger.start(job, label, null);
        if (arms.consume(CrashPoint.PERFORM, label)) {
            arms.halt(CrashPoint.PERFORM, label);
        }
        Work.forMillis(workMs);
        ledger.end(execution, null);
    }
}
