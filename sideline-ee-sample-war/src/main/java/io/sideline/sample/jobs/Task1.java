package io.sideline.sample.jobs;

import io.sideline.ee.SidelineJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.logging.Logger;

/** The seed's Task1: prints "Task 1" and records its execution as "Task1". */
@ApplicationScoped
@SidelineJob
public class Task1 {

    private static final Logger LOG = Logger.getLogger(Task1.class.getName());

    @Inject
    Recorder recorder;

    public void perform() {
        LOG.info("Task 1");
        recorder.record("Task1", 0);
    }
}
