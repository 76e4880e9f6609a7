package io.sideline.ee.dashboard;

import io.sideline.ee.SidelineAdmin;

/**
 * The {@code limit} of a list request: {@value #DEFAULT_LIMIT} when absent, clamped to
 * {@link SidelineAdmin#MAX_PAGE} when above it (a page never grows past that, whatever is asked), refused below 1.
 */
final class PageRequest {

    /** Enough rows for one screen of the page. */
    static final int DEFAULT_LIMIT = 50;

    private PageRequest() {
    }

    static int limit(Integer asked) {
        if (asked == null) {
            return DEFAULT_LIMIT;
        }
        if (asked < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + asked);
        }
        return Math.min(asked, SidelineAdmin.MAX_PAGE);
    }

    /** An empty cursor is the first page, as an absent one. */
    static String cursor(String asked) {
        return asked == null || asked.isBlank() ? null : asked;
    }
}
