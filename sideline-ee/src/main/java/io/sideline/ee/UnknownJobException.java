package io.sideline.ee;

/**
 * Raised when a job name is not in the registry built at deployment. A payload naming an unknown job
 * goes to the dead set at once with this message; nothing is looked up by reflection.
 */
public class UnknownJobException extends SidelineException {

    public UnknownJobException(String jobName) {
        super("unknown job '" + jobName + "': no @SidelineJob bean has this name");
    }
}
