package io.sideline.ee.runtime;

import io.sideline.ee.ControlResult;
import io.sideline.ee.RunControl;

/** The store side of {@link RunControl} (port): each call one atomic step on the store. */
public interface RunControlStore {

    ControlResult cancel(String runId);

    ControlResult retry(String runId);

    ControlResult retryJob(RunControl.JobSet set, String jid);

    ControlResult deleteJob(RunControl.JobSet set, String jid);
}
