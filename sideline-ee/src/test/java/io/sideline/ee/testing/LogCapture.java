package io.sideline.ee.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Collects every java.util.logging record published while it is open, at every level, from the root
 * logger down: what an operator's log would hold. {@link #text()} renders records as a log file would,
 * with parameters, thrown exceptions and their causes.
 */
public final class LogCapture extends Handler implements AutoCloseable {

    private final Logger root = Logger.getLogger("");
    private final Logger sideline = Logger.getLogger("io.sideline");
    private final Level sidelineLevel;
    private final List<LogRecord> records = new ArrayList<>();
    private final SimpleFormatter formatter = new SimpleFormatter();

    public LogCapture() {
        setLevel(Level.ALL);
        sidelineLevel = sideline.getLevel();
        sideline.setLevel(Level.ALL); // FINE records too: a password must not hide in a debug line either
        root.addHandler(this);
    }

    @Override
    public synchronized void publish(LogRecord record) {
        records.add(record);
    }

    public synchronized List<LogRecord> records() {
        return List.copyOf(records);
    }

    /** Every record as a log file would show it, thrown exceptions (with causes) included. */
    public synchronized String text() {
        StringBuilder out = new StringBuilder();
        for (LogRecord record : records) {
            out.append(formatter.format(record));
            for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
                out.append(t).append('\n');
            }
        }
        return out.toString();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        root.removeHandler(this);
        sideline.setLevel(sidelineLevel);
    }
}
