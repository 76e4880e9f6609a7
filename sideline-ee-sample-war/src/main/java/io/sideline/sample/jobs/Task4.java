package io.sideline.sample.jobs;

import io.sideline.ee.SidelineJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.logging.Logger;

/** The seed's Task4: prints "Task 4" and records its execution as "Task4". */
@ApplicationScoped
@SidelineJob
public class Task4 {

    private static final Logger LOG = Logger.getLogger(Task4.class.getName());

    @Inject
    Recorder recorder;

    public void perform() {
        LOG.info("Task 4");
        recorder.record("Task4", 0);
    }
}
