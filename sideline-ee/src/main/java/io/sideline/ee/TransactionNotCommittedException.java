package io.sideline.ee;

/**
 * A job's {@code perform} returned inside a JTA transaction that did not commit (it rolled back, its commit
 * failed, or it had not ended when the job bean returned). The job counts as failed, like any exception from
 * {@code perform}: it is retried or goes to the dead set, and its workflow does not advance.
 */
public class TransactionNotCommittedException extends SidelineException {

    public TransactionNotCommittedException(String jobName, String jid, String outcome) {
        super("the transaction of job " + jobName + " " + jid + " did not commit (" + outcome
                + "); its workflow did not advance");
    }
}
