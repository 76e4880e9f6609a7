package io.sideline.sample.jobs;

import io.sideline.ee.JobArgumentsException;
import io.sideline.ee.SidelineJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The test workhorse: {@code {"job":"Record","args":["T1", 250]}} records one execution labelled T1
 * that works for 250 ms. The second argument is optional, and at most {@link #MAX_SLEEP_MS}: the REST API refuses
 * more with 400, and a job enqueued with more some other way fails without retry.
 */
@ApplicationScoped
@SidelineJob
public class Record {

    /** The longest a Record works: a minute keeps any demo or test in flight without holding a worker for good. */
    public static final long MAX_SLEEP_MS = 60_000;

    @Inject
    Recorder recorder;

    public void perform(String label, Long sleepMs) {
        if (sleepMs != null && sleepMs > MAX_SLEEP_MS) {
            throw new JobArgumentsException("Record sleeps at most " + MAX_SLEEP_MS + " ms, was " + sleepMs, null);
        }
        recorder.record(label, sleepMs == null ? 0 : sleepMs);
    }
}
