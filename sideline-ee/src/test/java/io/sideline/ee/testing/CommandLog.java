package io.sideline.ee.testing;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisMonitor;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The commands the test Redis runs while this log is open, as {@code MONITOR} reports them (one line each,
 * e.g. {@code 1701... [0 127.0.0.1:5000] "LINDEX" "p:chain:x" "3"}), to assert what the code under test
 * asked Redis for. Opening and closing wait for a marker command, so no command between the two is missed.
 */
public final class CommandLog implements AutoCloseable {

    private final List<String> lines = new ArrayList<>();
    private final String url;
    private final Jedis monitor;
    private final Thread thread;
    private final String marker = "command-log-" + UUID.randomUUID();
    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);

    public CommandLog() {
        this(TestRedis.url());
    }

    /** The commands another Redis (e.g. a private one) receives. */
    public CommandLog(String url) {
        this.url = url;
        this.monitor = new Jedis(URI.create(url));
        thread = new Thread(() -> {
            try {
                monitor.monitor(new JedisMonitor() {
                    @Override
                    public void onCommand(String command) {
                        if (command.contains(marker + "-start")) {
                            started.countDown();
                        } else if (command.contains(marker + "-stop")) {
                            stopped.countDown();
                        } else if (started.getCount() == 0 && stopped.getCount() > 0) {
                            synchronized (lines) {
                                lines.add(command);
                            }
                        }
                    }
                });
            } catch (RuntimeException closed) {
                // the connection was closed by close(): the monitor ends
            }
        }, "command-log");
        thread.setDaemon(true);
        thread.start();
        await(started, "-start");
    }

    /** The commands seen that mention {@code text} (e.g. a key), in order. */
    public List<String> mentioning(String text) {
        await(stopped, "-stop");
        synchronized (lines) {
            return lines.stream().filter(l -> l.contains(text)).toList();
        }
    }

    private void await(CountDownLatch latch, String suffix) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        try (Jedis client = new Jedis(URI.create(url))) {
            while (!latch.await(50, TimeUnit.MILLISECONDS)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("MONITOR did not report " + marker + suffix);
                }
                client.echo(marker + suffix);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        monitor.close();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
