package io.sideline.ee.redis;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;

/**
 * A TCP socket whose timeouts are kept by a {@link SocketWatch} instead of the kernel's poll: its connect and its
 * reads block in the kernel, one system call each, and the watch closes it when one of them outlives its timeout;
 * that read or connect then fails with a {@link SocketTimeoutException}, as with the JDK's own timeouts.
 * <p>
 * Why: once a JDK socket has a read timeout (or connected with a timeout), it stays non-blocking, and every read
 * that has to wait (nearly every reply from Redis, which takes tens of microseconds) costs a read that finds
 * nothing, a {@code poll(2)} and a second read. On the benchmark's workflow steps those polls were 18 % of the
 * server's CPU samples (docs/performance.md, session 16).
 * <p>
 * {@link #setSoTimeout} records the timeout (Jedis changes it around blocking commands) and never reaches the
 * kernel. A read or connect is late by at most {@link SocketWatch#LOOK_EVERY} beyond its timeout.
 */
final class WatchedSocket extends Socket {

    private final SocketWatch watch;
    /** The read timeout Jedis set, ms; 0 waits for ever (as SO_TIMEOUT 0 does). */
    private volatile int timeoutMs;
    /** The System.nanoTime() by which the read or connect in progress must end; 0 while none is in progress. */
    private volatile long deadline;
    /** Set by the watch when it closed this socket for a late read or connect. */
    private volatile boolean expired;
    private InputStream reads;

    WatchedSocket(SocketWatch watch) {
        this.watch = watch;
    }

    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
        arm(timeout);
        try {
            super.connect(endpoint, 0); // untimed: the JDK leaves the socket in blocking mode
        } catch (IOException e) {
            throw expired ? timedOut("Connect timed out", e) : e;
        } finally {
            deadline = 0;
        }
    }

    @Override
    public void setSoTimeout(int timeout) throws SocketException {
        if (timeout < 0) {
            throw new IllegalArgumentException("timeout < 0");
        }
        if (isClosed()) {
            throw new SocketException("Socket is closed");
        }
        timeoutMs = timeout;
    }

    @Override
    public int getSoTimeout() throws SocketException {
        if (isClosed()) {
            throw new SocketException("Socket is closed");
        }
        return timeoutMs;
    }

    @Override
    public synchronized InputStream getInputStream() throws IOException {
        if (reads == null) {
            reads = new Reads(super.getInputStream());
        }
        return reads;
    }

    @Override
    public void close() throws IOException {
        watch.forget(this);
        super.close();
    }

    /** Called by the watch: closes this socket when the read or connect in progress is past its deadline. */
    void expireIfLate(long now) {
        long by = deadline;
        if (by != 0 && now - by > 0) {
            expired = true;
            try {
                close(); // unblocks the waiting thread: its read or connect fails, and is reported as timed out
            } catch (IOException ignored) {
                // closing is all we can do; the waiting thread's call fails either way
            }
        }
    }

    private void arm(int timeout) {
        if (timeout > 0) {
            long by = System.nanoTime() + timeout * 1_000_000L;
            deadline = by == 0 ? 1 : by;
        }
    }

    private static SocketTimeoutException timedOut(String what, IOException cause) {
        SocketTimeoutException e = new SocketTimeoutException(what);
        e.initCause(cause);
        return e;
    }

    /** The socket's input: each read is armed with the timeout in force when it starts. */
    private final class Reads extends FilterInputStream {

        Reads(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 1 ? -1 : one[0] & 0xff; // one armed path for both reads (Jedis reads in blocks)
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            arm(timeoutMs);
            try {
                return in.read(b, off, len);
            } catch (IOException e) {
                throw expired ? timedOut("Read timed out", e) : e;
            } finally {
                deadline = 0;
            }
        }
    }
}
