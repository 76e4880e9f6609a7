package io.sideline.benchmark.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import redis.clients.jedis.Jedis;

/**
 * Counts round trips exactly: {@code MONITOR} shows each command with its origin, {@code [0 127.0.0.1:port]}
 * for a command a client sent and {@code [0 lua]} for one a script ran. (INFO commandstats cannot tell them
 * apart: Redis 7 counts both.) MONITOR slows Redis down, so it is attached only to a separate counting pass,
 * never to the timed runs.
 */
final class RedisMonitor implements AutoCloseable {

    private final PrivateRedis redis;
    private final Socket socket;
    private final Map<String, LongAdder> client = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> script = new ConcurrentHashMap<>();
    private final String marker = "benchmark-monitor-end-" + UUID.randomUUID();
    private final CountDownLatch markerSeen = new CountDownLatch(1);
    private final CountDownLatch started = new CountDownLatch(1);
    private final Thread reader;

    private RedisMonitor(PrivateRedis redis) throws IOException {
        this.redis = redis;
        this.socket = new Socket(InetAddress.getLoopbackAddress(), redis.port());
        OutputStream out = socket.getOutputStream();
        out.write("MONITOR\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        this.reader = new Thread(this::read, "redis-monitor");
        reader.setDaemon(true);
        reader.start();
    }

    static RedisMonitor attach(PrivateRedis redis) {
        try {
            RedisMonitor monitor = new RedisMonitor(redis);
            if (!monitor.started.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("MONITOR did not answer");
            }
            return monitor;
        } catch (IOException e) {
            throw new IllegalStateException("cannot MONITOR the benchmark Redis", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits until every command sent so far has been read, then returns the counts (client, script). */
    Counts stop() {
        try (Jedis jedis = redis.connect()) {
            jedis.echo(marker);
        }
        try {
            if (!markerSeen.await(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("MONITOR did not catch up within 120 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return new Counts(freeze(client), freeze(script));
    }

    record Counts(Map<String, Long> client, Map<String, Long> script) {

        long clientTotal() {
            return client.values().stream().mapToLong(Long::longValue).sum();
        }

        long scriptTotal() {
            return script.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing ends MONITOR
        }
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                StandardCharsets.ISO_8859_1), 1 << 16)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.equals("+OK")) {
                    started.countDown();
                    continue;
                }
                count(line);
            }
        } catch (IOException closed) {
            // close() ended the stream
        }
    }

    /** {@code +1700000000.123456 [0 127.0.0.1:40000] "evalsha" "..."}, or {@code [0 lua] "LPOS" ...}. */
    private void count(String line) {
        int open = line.indexOf('[');
        int close = line.indexOf(']', open);
        int quote = line.indexOf('"', close);
        if (open < 0 || close < 0 || quote < 0) {
            return;
        }
        int end = line.indexOf('"', quote + 1);
        String command = line.substring(quote + 1, end < 0 ? line.length() : end).toLowerCase();
        if (command.equals("echo") && line.contains(marker)) {
            markerSeen.countDown();
            return;
        }
        boolean fromScript = line.substring(open + 1, close).endsWith(" lua");
        if (!fromScript && RedisCost.DRIVER_COMMANDS.contains(command)) {
            return;
        }
        (fromScript ? script : client).computeIfAbsent(command, c -> new LongAdder()).increment();
    }

    private static Map<String, Long> freeze(Map<String, LongAdder> counts) {
        Map<String, Long> out = new java.util.TreeMap<>();
        counts.forEach((command, n) -> out.put(command, n.sum()));
        return out;
    }
}
