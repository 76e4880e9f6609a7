package io.sideline.ee.redis;

import io.sideline.ee.engine.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A watched socket reads and connects in blocking mode, and its timeouts still hold: the watch closes a socket whose
 * read or connect outlives its timeout, and that call fails as a timed-out one does.
 */
class WatchedSocketTest {

    private final SocketWatch watch = new SocketWatch(task -> {
        Thread thread = new Thread(task, "test-socket-watch");
        thread.setDaemon(true);
        return thread;
    });
    private final ExecutorService readers = Executors.newCachedThreadPool();
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        readers.shutdownNow();
        watch.close();
    }

    @Test
    void aReadWithNoReplyFailsAsTimedOutAfterItsTimeoutAndClosesTheSocket() throws Exception {
        ServerSocket server = server(50);
        WatchedSocket socket = connected(server);
        socket.setSoTimeout(300);

        long start = System.nanoTime();
        SocketTimeoutException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(SocketTimeoutException.class, () -> socket.getInputStream().read(new byte[16])));
        long tookMs = Duration.ofNanos(System.nanoTime() - start).toMillis();

        assertTrue(tookMs >= 300 && tookMs < 300 + 5_000, "failed after its 300 ms timeout, took " + tookMs + " ms");
        assertEquals("Read timed out", e.getMessage());
        assertTrue(socket.isClosed(), "a timed-out socket is closed: its connection is not reused");
        assertEquals(0, watch.watched(), "a closed socket is no longer watched");
    }

    @Test
    void aReadWithoutTimeoutWaitsForItsReplyWhileAnotherSocketsTimeoutExpires() throws Exception {
        ServerSocket server = server(50);
        WatchedSocket patient = connected(server);
        Socket patientPeer = accepted(server);
        WatchedSocket hasty = connected(server);
        patient.setSoTimeout(0);
        hasty.setSoTimeout(200);

        CompletableFuture<Integer> patientRead = CompletableFuture.supplyAsync(() -> readOne(patient), readers);
        CompletableFuture<Integer> hastyRead = CompletableFuture.supplyAsync(() -> readOne(hasty), readers);
        // the watch has looked at both sockets past the hasty one's deadline: it cut that read only
        Throwable failed = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try {
                hastyRead.join();
                return null;
            } catch (RuntimeException e) {
                return e.getCause().getCause();
            }
        });
        assertInstanceOf(SocketTimeoutException.class, failed);
        assertFalse(patientRead.isDone(), "a read without timeout is still waiting");
        assertFalse(patient.isClosed());

        patientPeer.getOutputStream().write(42);
        assertEquals(42, assertTimeoutPreemptively(Duration.ofSeconds(10), () -> patientRead.join()),
                "the patient read gets its reply");
    }

    @Test
    void aTimeoutSetBetweenReadsAppliesToTheNextRead() throws Exception {
        ServerSocket server = server(50);
        WatchedSocket socket = connected(server);
        Socket peer = accepted(server);
        socket.setSoTimeout(100);
        peer.getOutputStream().write(7);
        assertEquals(7, socket.getInputStream().read(), "a reply within the timeout is read");

        socket.setSoTimeout(0); // as Jedis does around a blocking command
        assertEquals(0, socket.getSoTimeout());
        CompletableFuture<Integer> blocking = CompletableFuture.supplyAsync(() -> readOne(socket), readers);
        WatchedSocket clock = connected(server);
        clock.setSoTimeout(300);
        assertThrows(SocketTimeoutException.class, () -> clock.getInputStream().read());
        assertFalse(blocking.isDone(), "the read started with no timeout outlived another's 300 ms timeout");
        peer.getOutputStream().write(8);
        assertEquals(8, assertTimeoutPreemptively(Duration.ofSeconds(10), () -> blocking.join()));
    }

    @Test
    void aConnectThatIsNeverAnsweredFailsAsTimedOutAfterItsTimeout() throws Exception {
        // a listener that accepts nothing, its queue filled: the kernel drops further SYNs, so a connect waits
        ServerSocket server = server(1);
        List<Socket> fillers = new ArrayList<>();
        CompletableFuture<Void> fill = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 8; i++) {
                Socket filler = new Socket();
                fillers.add(filler);
                try {
                    filler.connect(server.getLocalSocketAddress(), 200);
                } catch (IOException full) {
                    return; // the queue is full: the next connect is not answered
                }
            }
        }, readers);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> fill.join());
        fillers.forEach(open::add);

        WatchedSocket socket = watch.socket();
        open.add(socket);
        long start = System.nanoTime();
        SocketTimeoutException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(SocketTimeoutException.class, () -> socket.connect(server.getLocalSocketAddress(), 400)));
        long tookMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertTrue(tookMs >= 400 && tookMs < 400 + 5_000, "failed after its 400 ms timeout, took " + tookMs + " ms");
        assertEquals("Connect timed out", e.getMessage());
    }

    @Test
    void closingTheWatchLeavesOpenSocketsWorkingWithoutTimeouts() throws Exception {
        ServerSocket server = server(50);
        WatchedSocket socket = connected(server);
        Socket peer = accepted(server);
        assertEquals(1, watch.watched());
        watch.close();
        socket.setSoTimeout(100);
        peer.getOutputStream().write(9);
        assertEquals(9, socket.getInputStream().read());
        Await.until("the socket is forgotten when closed", Duration.ofSeconds(5), () -> {
            try {
                socket.close();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            return watch.watched() == 0;
        });
    }

    private static int readOne(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            return in.read();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private ServerSocket server(int backlog) throws IOException {
        ServerSocket server = new ServerSocket(0, backlog, InetAddress.getLoopbackAddress());
        open.add(server);
        return server;
    }

    private WatchedSocket connected(ServerSocket server) throws IOException {
        WatchedSocket socket = watch.socket();
        open.add(socket);
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 2_000);
        return socket;
    }

    private Socket accepted(ServerSocket server) throws IOException {
        Socket peer = server.accept();
        open.add(peer);
        return peer;
    }
}
