package io.sideline.ee.engine;

import io.sideline.ee.SidelineJob;
import io.sideline.ee.cdi.RunningWorker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;

/** Works a while (longer on one given worker), then writes to memory which worker performed it. */
@SidelineJob
@ApplicationScoped
public class Holder {

    @Inject
    RunningWorker running;

    public Map<String, Object> perform(String slowWorker, long slowMs, long fastMs) throws InterruptedException {
        String self = running.current().orElseThrow().id();
        Thread.sleep(self.equals(slowWorker) ? slowMs : fastMs); // the job's own work
        return Map.of("by", self);
    }
}
