package io.sideline.ee.cdi;

import io.sideline.ee.runtime.JobScope;
import io.sideline.ee.telemetry.JobLogTag;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;

import java.util.logging.Logger;

/**
 * Tells a job's scope whether the JTA transaction in which its {@code perform} returned committed. It only
 * records the outcome: the worker completes (or fails) the job on its own thread once the job bean's
 * invocation returned, whichever thread the transaction manager ends the transaction on.
 */
final class CommitListener implements Synchronization {

    private static final Logger LOG = Logger.getLogger(CommitListener.class.getName());

    private final JobScope scope;

    CommitListener(JobScope scope) {
        this.scope = scope;
    }

    @Override
    public void beforeCompletion() {
        // nothing to flush: the job's output is written to Redis only after the commit
    }

    @Override
    public void afterCompletion(int status) {
        boolean committed = status == Status.STATUS_COMMITTED;
        if (!scope.transactionEnded(committed, describe(status))) {
            LOG.warning(() -> "sideline: the transaction of job " + scope.job().payload().jobName() + " "
                    + JobLogTag.of(scope.job().payload()) + " ended ("
                    + describe(status) + ") after the worker had given up on it; the job will run again");
        }
    }

    private static String describe(int status) {
        return switch (status) {
            case Status.STATUS_COMMITTED -> "committed";
            case Status.STATUS_ROLLEDBACK -> "rolled back";
            case Status.STATUS_UNKNOWN -> "outcome unknown";
            default -> "status " + status;
        };
    }
}
