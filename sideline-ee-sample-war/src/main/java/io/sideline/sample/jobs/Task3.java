package io.sideline.sample.jobs;

import io.sideline.ee.SidelineJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.logging.Logger;

/** The seed's Task3: prints "Task 3" and records its execution as "Task3". */
@ApplicationScoped
@SidelineJob
public class Task3 {

    private static final Logger LOG = Logger.getLogger(Task3.class.getName());

    @Inject
    Recorder recorder;

    public void perform() {
        LOG.info("Task 3");
        recorder.record("Task3", 0);
    }
}
