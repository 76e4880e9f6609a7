package io.sideline.ee.engine;

import io.sideline.ee.JobContext;
import io.sideline.ee.SidelineJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Fails its first {@code failures} attempts (per job), then records like {@link Rec}. */
@SidelineJob("Flaky")
@ApplicationScoped
public class Flaky {

    @Inject
    JobContext job;
    @Inject
    Rec rec;

    public void perform(String label, int failures) throws InterruptedException {
        if (job.retryCount() < failures) {
            throw new IllegalStateException("flaky failure " + (job.retryCount() + 1) + " of " + label);
        }
        rec.perform(label, 0L);
    }
}
