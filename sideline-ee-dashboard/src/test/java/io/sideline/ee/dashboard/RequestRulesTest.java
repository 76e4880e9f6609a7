package io.sideline.ee.dashboard;

import io.sideline.ee.RunState;
import io.sideline.ee.SidelineAdmin;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The request rules that need no server: page sizes, names, and which base paths are the dashboard's. */
class RequestRulesTest {

    @Test
    void aLimitAboveTheMaximumIsClampedAndOneBelowOneRefused() {
        assertEquals(SidelineAdmin.MAX_PAGE, PageRequest.limit(1_000_000));
        assertEquals(7, PageRequest.limit(7));
        assertEquals(PageRequest.DEFAULT_LIMIT, PageRequest.limit(null));
        var e = assertThrows(IllegalArgumentException.class, () -> PageRequest.limit(0));
        assertEquals("limit must be at least 1, was 0", e.getMessage());
    }

    @Test
    void statesAreReadInAnyCaseAndAnUnknownOneIsRefusedWithTheValidOnes() {
        assertEquals(RunState.FAILED, Names.state("failed"));
        assertNull(Names.state(""));
        var e = assertThrows(IllegalArgumentException.class, () -> Names.state("DONE"));
        assertTrue(e.getMessage().contains("unknown state 'DONE'") && e.getMessage().contains("CANCELLED"), e.getMessage());
    }

    @Test
    void onlyTheSidelineApiPathIsTheDashboards() {
        assertTrue(DashboardOnly.servedByDashboard("/sample/sideline/api/"));
        assertTrue(DashboardOnly.servedByDashboard("/sideline/api"));
        assertFalse(DashboardOnly.servedByDashboard("/sample/api/"));
        assertFalse(DashboardOnly.servedByDashboard("/sample/sideline/api/x/"));
        assertFalse(DashboardOnly.servedByDashboard("/sample/other-sideline/api2/"));
    }
}
