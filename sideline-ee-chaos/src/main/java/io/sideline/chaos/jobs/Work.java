package io.sideline.chaos.jobs;

/** Simulated work: a sleep that a graceful stop may interrupt. */
final class Work {

    private Work() {
    }

    static void forMillis(Long ms) {
        if (ms == null || ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while working (the server is stopping)", e);
        }
    }
}
