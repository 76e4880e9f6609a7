package io.sideline.ee.worker;

import io.sideline.ee.RunState;
import io.sideline.ee.runtime.JobCounters;
import io.sideline.ee.runtime.RunEnd;
import io.sideline.ee.runtime.RunEnds;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Delivers the announced ends of runs (see {@link RunEnds}): takes one into this worker's own list, hands it to the
 * delivery (the run's callbacks, the {@code RunFinished} event), then acknowledges it. An end whose delivery failed
 * (Redis went away) stays in the list and is delivered again; should this server die first, a reaper hands it to
 * another. So each end is delivered at least once, and at most once per server that takes it.
 */
final class RunEndLoop extends Loop {

    private static final Logger LOG = Logger.getLogger(RunEndLoop.class.getName());

    private final RunEnds ends;
    private final String self;
    private final Duration wait;
    private final Consumer<RunEnd> delivery;
    /** Where a delivered end that is not a success is counted (a success is counted by the completion that made it). */
    private final JobCounters counters;
    /** Deliver the ends this worker holds first: at start (a previous life of this id) and after a failure. */
    private volatile boolean deliverHeld = true;

    RunEndLoop(StopSignal stop, RunEnds ends, String self, Duration wait, Consumer<RunEnd> delivery,
               JobCounters counters) {
        super("run ends", stop);
        this.counters = counters;
        this.ends = ends;
        this.self = self;
        this.wait = wait;
        this.delivery = delivery;
    }

    @Override
    protected long tick() {
        if (deliverHeld) {
            ends.held(self).forEach(this::deliver);
            deliverHeld = false;
            return 0;
        }
        String entry = ends.take(self, wait);
        if (entry != null) {
            deliver(entry);
        }
        return 0;
    }

    private void deliver(String entry) {
        RunEnd end;
        try {
            end = RunEnd.parse(entry);
        } catch (IllegalArgumentException e) {
            LOG.warning(() -> "sideline: dropping an unreadable run end: " + e.getMessage());
            ends.ack(self, entry);
            return;
        }
        delivery.accept(end);
        // counted by the server whose acknowledgement removed it: an end delivered again by another server (this
        // one was taken for dead mid-way) counts once. Every FAILED and CANCELLED end is announced; a success only
        // for callbacks or RunFinished observers (it is counted by the completion that made it)
        if (ends.ack(self, entry) && end.state() != RunState.SUCCEEDED) {
            counters.runFinished(end.state());
        }
    }

    @Override
    protected void recover(Throwable failure) {
        deliverHeld = true;
    }
}
