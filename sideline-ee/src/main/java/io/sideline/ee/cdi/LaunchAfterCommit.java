package io.sideline.ee.cdi;

import io.sideline.ee.RedisUnavailableException;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;

import java.time.Duration;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A start ({@code run}, {@code runAll}, {@code enqueue}, {@code enqueueAll}) made inside a JTA transaction: it
 * is written to Redis when, and only if, the transaction commits (Sidekiq 7's transactional push). On rollback
 * nothing is written. While Redis is unreachable at commit, the write is retried for a bounded time
 * ({@code sideline.tx.launch-retry}) on the thread that committed; then the start is lost, and a SEVERE log line
 * names it and gives its workflow, so that it can be started again by hand.
 */
final class LaunchAfterCommit implements Synchronization {

    private static final Logger LOG = Logger.getLogger(LaunchAfterCommit.class.getName());
    private static final long FIRST_PAUSE_MS = 100;
    private static final long MAX_PAUSE_MS = 5_000;

    private final String what;
    private final Runnable launch;
    private final Supplier<String> workflows;
    private final Duration retryFor;

    /**
     * @param what      what is started, for the log ("run 8c9a…", "3 runs")
     * @param workflows the workflow(s) as JSON, for the log line of a lost start; built only then
     */
    LaunchAfterCommit(String what, Runnable launch, Supplier<String> workflows, Duration retryFor) {
        this.what = what;
        this.launch = launch;
        this.workflows = workflows;
        this.retryFor = retryFor;
    }

    @Override
    public void beforeCompletion() {
        // nothing is written before the transaction's outcome is known
    }

    @Override
    public void afterCompletion(int status) {
        if (status != Status.STATUS_COMMITTED) {
            LOG.fine(() -> "sideline: the transaction did not commit; " + what + " not started");
            return;
        }
        try {
            launchRetrying();
        } catch (RuntimeException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            // The transaction manager swallows what afterCompletion throws: this line is the only trace.
            LOG.log(Level.SEVERE, "sideline: " + what + " NOT started after its transaction committed (" + e
                    + "); start it again. Workflow(s): " + workflows.get(), e);
        }
    }

    private void launchRetrying() throws InterruptedException {
        long deadline = System.nanoTime() + retryFor.toNanos();
        long pauseMs = FIRST_PAUSE_MS;
        while (true) {
            try {
                launch.run();
                return;
            } catch (RedisUnavailableException e) {
                long leftMs = (deadline - System.nanoTime()) / 1_000_000;
                if (leftMs <= 0) {
                    throw new RedisUnavailableException("gave up after " + retryFor.toSeconds() + " s: "
                            + e.getMessage(), e);
                }
                long wait = Math.min(pauseMs, leftMs);
                LOG.warning(() -> "sideline: cannot start " + what + " after its transaction committed (" + e
                        + "); trying again in " + wait + " ms");
                Thread.sleep(wait);
                pauseMs = Math.min(pauseMs * 2, MAX_PAUSE_MS);
            }
        }
    }
}
