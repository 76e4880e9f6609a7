package io.sideline.chaos.jobs;

import io.sideline.chaos.faults.Arms;
import io.sideline.chaos.faults.CrashPoint;
import io.sideline.chaos.ledger.ChaosRedis;
import io.sideline.chaos.ledger.Ledger;
import io.sideline.ee.JobContext;
import io.sideline.ee.SidelineJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;

/**
 * A typed step: {@code {"job":"TypedTask","args":[{"label":"r3-t1","value":7,"workMs":100}]}} or, later in a chain,
 * {@code {"job":"TypedTask","args":[{"label":"r3-t2"}]}} whose {@code value} is hydrated from memory. Records its
 * input and output, so the driver checks that every typed step saw its predecessor's output; the output names the
 * server that wrote it, so the zombie scenario sees whose completion the memory kept.
 */
@ApplicationScoped
@SidelineJob("TypedTask")
public class TypedTask {

    @Inject
    JobContext job;
    @Inject
    Ledger ledger;
    @Inject
    Arms arms;

    public TypedOut perform(TypedIn in) {
        Ledger.Execution execution = ledger.start(job, in.label(), Json.createObjectBuilder().add("value", in.value()).build());
        if (arms.consume(CrashPoint.PERFORM, in.label())) {
            arms.halt(CrashPoint.PERFORM, in.label());
        }
        Work.forMillis(in.workMs());
        TypedOut out = new TypedOut(in.value() + 1, ChaosRedis.SERVER + ":" + ChaosRedis.PID);
        ledger.end(execution, Json.createObjectBuilder().add("value", out.value()).add("writer", out.writer()).build());
        return out;
    }
}
