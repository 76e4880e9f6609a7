package io.sideline.sample.records;

/**
 * One execution of a sample job, as appended to its run's record list in Redis.
 *
 * <p>{@code seqStart}/{@code seqEnd} are ticks of one counter per run, so they order every execution of
 * the run without trusting clocks: a successor that really waited for its predecessor has
 * {@code seqStart > predecessor.seqEnd}. {@code startMs}/{@code endMs} are wall-clock times, used only
 * to check delays.
 *
 * @param label    the label the job was given (its first argument), or its name for Task1..Task4
 * @param jid      the job id of this execution
 * @param seqStart the run's counter when the job started
 * @param seqEnd   the run's counter when the job ended
 * @param startMs  epoch milliseconds when the job started
 * @param endMs    epoch milliseconds when the job ended
 */
public record ExecutionRecord(String label, String jid, long seqStart, long seqEnd, long startMs, long endMs) {
}
