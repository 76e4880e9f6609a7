package io.sideline.ee.redis;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which of two places' node of a one-job run the graph shows during a rolling upgrade. */
class OneJobNodeTest {

    @Test
    void aNodeInOnePlaceOnlyIsShownAsItIs() {
        assertEquals("queued:j", OneJobNode.newer("RUNNING", "queued:j", null));
        assertEquals("dead:j", OneJobNode.newer("FAILED", null, "dead:j"));
    }

    @Test
    void theNodeThatFitsTheRunsStateWins() {
        // an older server ended a run this release launched
        assertEquals("succeeded:j", OneJobNode.newer("SUCCEEDED", "queued:j", "succeeded:j"));
        assertEquals("dead:j", OneJobNode.newer("FAILED", "queued:j", "dead:j"));
        // this release ended a run an older server launched
        assertEquals("succeeded:j", OneJobNode.newer("SUCCEEDED", "succeeded:j", "queued:j"));
        assertEquals("cancelled:j", OneJobNode.newer("CANCELLED", "cancelled:j", "queued:j"));
        // a dead job retried here runs again
        assertEquals("queued:j", OneJobNode.newer("RUNNING", "queued:j", "dead:j"));
    }

    @Test
    void inARunningRunARetryFollowsTheLaunch() {
        assertEquals("retrying:j", OneJobNode.newer("RUNNING", "queued:j", "retrying:j"));
        assertEquals("retrying:j", OneJobNode.newer("RUNNING", "retrying:j", "queued:j"));
    }

    @Test
    void otherwiseTheRunsHashWhereThisReleaseWritesWins() {
        assertEquals("succeeded:j", OneJobNode.newer("SUCCEEDED", "succeeded:j", "succeeded:j"));
        assertEquals("retrying:j", OneJobNode.newer("FAILED", "retrying:j", "queued:j"), "neither fits: an aged-out run");
        assertEquals("queued:j", OneJobNode.newer(null, "queued:j", "dead:j"), "the run's state unknown");
    }
}
