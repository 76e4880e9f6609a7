package io.sideline.sample.jobs;

import io.sideline.ee.SidelineJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The test workhorse: {@code {"job":"Record","args":["T1", 250]}} records one execution labelled T1
 * that works for 250 ms. The second argument is optional.
 */
@ApplicationScoped
@SidelineJob
public class Record {

    @Inject
    Recorder recorder;

    public void perform(String label, Long sleepMs) {
        recorder.record(label, sleepMs == null ? 0 : sleepMs);
    }
}
