package io.sideline.ee.runtime;

import io.sideline.ee.codec.TraceContext;

/**
 * The trace context the payloads planned on this thread carry: set by the tracing layer around a run's planning
 * (the run's new span) and around a traced job's execution (the run's span, linked to that job's span), read by
 * the {@link Planner}. Unset while tracing is off, so the planner writes no trace field at all.
 *
 * <p>A thread-local, as {@link JobScope} is: the planning happens on the thread that starts the run or completes
 * the job, within one call.
 */
public final class TraceCarrier {

    private static final ThreadLocal<TraceContext> CURRENT = new ThreadLocal<>();

    private TraceCarrier() {
    }

    /** The context to stamp on payloads planned now, or null (tracing off). */
    public static TraceContext current() {
        return CURRENT.get();
    }

    /**
     * Sets the context for this thread until the returned handle is closed, which restores the previous one.
     * A null context sets nothing.
     */
    public static AutoCloseableNoThrow carry(TraceContext context) {
        if (context == null) {
            return AutoCloseableNoThrow.NOTHING;
        }
        TraceContext previous = CURRENT.get();
        CURRENT.set(context);
        return () -> {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        };
    }

    /** An {@link AutoCloseable} whose close throws nothing checked. */
    @FunctionalInterface
    public interface AutoCloseableNoThrow extends AutoCloseable {
        /** Closes nothing. */
        AutoCloseableNoThrow NOTHING = () -> { };

        @Override
        void close();
    }
}
