package io.sideline.sample.enrich;

/** Stands for the real work (an HTTP fetch, an LLM call, an index write) of the template's jobs. */
final class FakeWork {

    private static final long MILLIS = 50;

    private FakeWork() {
    }

    static void doIt() {
        try {
            Thread.sleep(MILLIS);
        } catch (InterruptedException e) {
            // the server is stopping: fail this attempt so that the job is retried
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while working", e);
        }
    }
}
