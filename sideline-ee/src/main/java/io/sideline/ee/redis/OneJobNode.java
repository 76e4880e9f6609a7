package io.sideline.ee.redis;

/**
 * The state of a one-job run's node (its graph's node 0, {@code <state>:<jid>}) when two places may hold it. Since
 * 2026-12-05 (session 11) a one-job run keeps its graph in its own hash ({@code P run:<runId>}, fields {@code graph},
 * {@code 0}, {@code e:<jid>}); a release before kept it in {@code P nodes:<runId>}, and during a rolling upgrade both
 * write: this release's scripts into the run's hash, an older server's into its graph hash (a run an older server
 * launched and this release completes, or the other way round). Neither write carries a time, so the run's own state,
 * which both releases write into the run's hash, decides:
 * <ol>
 *   <li>the value that fits the run's state wins: a RUNNING run's job is {@code queued}, {@code scheduled} or
 *       {@code retrying}; a SUCCEEDED run's {@code succeeded}, a FAILED run's {@code dead}, a CANCELLED run's
 *       {@code cancelled};</li>
 *   <li>when both fit, or neither: in a RUNNING run a {@code retrying} node (only a failed attempt writes it, after the
 *       launch wrote {@code queued}), else the run hash's, the place this release writes.</li>
 * </ol>
 */
final class OneJobNode {

    private OneJobNode() {
    }

    /**
     * The node's state as the graph shows it: {@code inRun} from the run's hash, {@code inGraph} from
     * {@code P nodes:<runId>} (either null when that place has none), {@code runState} the run's state (null when unknown).
     */
    static String newer(String runState, String inRun, String inGraph) {
        if (inGraph == null || inGraph.equals(inRun)) {
            return inRun;
        }
        if (inRun == null) {
            return inGraph;
        }
        boolean runFits = fits(runState, inRun);
        if (runFits != fits(runState, inGraph)) {
            return runFits ? inRun : inGraph;
        }
        if ("RUNNING".equals(runState) && inGraph.startsWith("retrying:") && !inRun.startsWith("retrying:")) {
            return inGraph;
        }
        return inRun;
    }

    private static boolean fits(String runState, String node) {
        String state = node.substring(0, Math.max(0, node.indexOf(':')));
        if (runState == null) {
            return false;
        }
        return switch (runState) {
            case "RUNNING" -> state.equals("queued") || state.equals("scheduled") || state.equals("retrying");
            case "SUCCEEDED" -> state.equals("succeeded");
            case "FAILED" -> state.equals("dead");
            case "CANCELLED" -> state.equals("cancelled");
            default -> false;
        };
    }
}
