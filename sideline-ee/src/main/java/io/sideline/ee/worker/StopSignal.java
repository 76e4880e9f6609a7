package io.sideline.ee.worker;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Tells the worker's loops to stop, and lets them wait for an interval that a stop cuts short. */
public final class StopSignal {

    private final CountDownLatch stopped = new CountDownLatch(1);

    public void stop() {
        stopped.countDown();
    }

    public boolean stopping() {
        return stopped.getCount() == 0;
    }

    /** Waits up to {@code millis}; returns early (true) when the worker is stopping. */
    public boolean await(long millis) throws InterruptedException {
        return stopped.await(millis, TimeUnit.MILLISECONDS);
    }
}
