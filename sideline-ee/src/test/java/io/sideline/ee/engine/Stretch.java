package io.sideline.ee.engine;

import io.sideline.ee.JobContext;
import io.sideline.ee.SidelineJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Extends the TTL of its barriers from inside the job (the seed's extend_ttl!). */
@SidelineJob
@ApplicationScoped
public class Stretch {

    @Inject
    JobContext job;

    public void perform(long ttlSeconds) {
        job.extendTtl(ttlSeconds);
    }
}
