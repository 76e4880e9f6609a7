package io.sideline.ee;

/**
 * Raised when a workflow tree cannot be run or parsed: an unknown shape, a negative delay, an unknown
 * job name. {@link #path()} says where in the tree the problem is, e.g. {@code $.chain[1].group[0].job}.
 */
public class InvalidWorkflowException extends SidelineException {

    private final String path;

    public InvalidWorkflowException(String path, String problem) {
        super(path + ": " + problem);
        this.path = path;
    }

    public String path() {
        return path;
    }
}
