package io.sideline.sample.jobs;

import io.sideline.ee.SidelineJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.logging.Logger;

/** The seed's Task2: prints "Task 2" and records its execution as "Task2". */
@ApplicationScoped
@SidelineJob
public class Task2 {

    private static final Logger LOG = Logger.getLogger(Task2.class.getName());

    @Inject
    Recorder recorder;

    public void perform() {
        LOG.info("Task 2");
        recorder.record("Task2", 0);
    }
}
