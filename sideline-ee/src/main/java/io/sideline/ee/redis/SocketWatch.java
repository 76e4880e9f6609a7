package io.sideline.ee.redis;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the timeouts of {@link WatchedSocket}s: one thread looks at every open socket each {@link #LOOK_EVERY} and
 * closes those whose read or connect is past its deadline. It does no I/O of its own, so nothing it waits for can
 * hold it. Closing stops it; sockets opened after that are not watched (their pool is closed too).
 */
final class SocketWatch implements AutoCloseable {

    /**
     * How often the deadlines are looked at: a timed-out read fails at most this much after its timeout (2 s by
     * default), and an idle watch wakes 20 times a second for a few microseconds.
     */
    static final Duration LOOK_EVERY = Duration.ofMillis(50);

    private static final Logger LOG = Logger.getLogger(SocketWatch.class.getName());

    private final Set<WatchedSocket> sockets = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean closed;

    /** @param threads where the watch's one thread comes from (in a server: its managed thread factory) */
    SocketWatch(ThreadFactory threads) {
        thread = threads.newThread(this::watch);
        thread.start();
    }

    /** A new, unconnected socket this watch keeps the timeouts of until it is closed. */
    WatchedSocket socket() {
        WatchedSocket socket = new WatchedSocket(this);
        sockets.add(socket);
        return socket;
    }

    void forget(WatchedSocket socket) {
        sockets.remove(socket);
    }

    /** The sockets watched now (for tests and diagnostics). */
    int watched() {
        return sockets.size();
    }

    private void watch() {
        long every = LOOK_EVERY.toNanos();
        while (!closed) {
            LockSupport.parkNanos(this, every);
            long now = System.nanoTime();
            for (WatchedSocket socket : sockets) {
                try {
                    socket.expireIfLate(now);
                } catch (RuntimeException unexpected) {
                    // one socket's failure must not end the watch of the others
                    LOG.log(Level.WARNING, "sideline: a Redis socket could not be checked for its timeout", unexpected);
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
    }
}
