package io.sideline.ee.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A master, one replica and three Sentinels (quorum 2) of the test's own, on free loopback ports, each in its own
 * temporary directory. The Sentinels are Debian's {@code redis-sentinel} when it is installed, else
 * {@code redis-server --sentinel} (the same program). {@link #start()} returns once the replica is in sync and every
 * Sentinel names the master and knows the replica and the two other Sentinels; {@link #close()} stops every process
 * by its pid.
 *
 * <p>{@link #failover()} asks a Sentinel for a failover and waits until every Sentinel names the promoted replica
 * and the old master replicates from it. {@link #start(Duration, String)} puts a password on the master and the replica.
 */
public final class LocalRedisSentinel implements AutoCloseable {

    /** The name the Sentinels monitor the master under. */
    public static final String MASTER_NAME = "sideline-master";
    /**
     * How long a silent master takes to count as down ({@code down-after-milliseconds}), by default: 5 s, as the
     * cluster's node timeout, so that a busy two-core machine does not fail over for nothing.
     */
    public static final Duration DOWN_AFTER = Duration.ofSeconds(5);
    private static final int SENTINELS = 3;
    /** Sentinels find each other through the master's hello channel, every 2 s; this is for a loaded machine. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final List<RedisServerProcess> servers = new ArrayList<>();
    private final List<RedisServerProcess> sentinels = new ArrayList<>();
    private final List<Path> sentinelDirs = new ArrayList<>();
    private final RedisCli cli;
    /** The master's and the replica's password (also what the Sentinels authenticate with), or null. */
    private final String password;

    private LocalRedisSentinel(RedisCli cli, String password) {
        this.cli = cli;
        this.password = password;
    }

    /** The setup with the default {@link #DOWN_AFTER}. */
    public static LocalRedisSentinel start() {
        return start(DOWN_AFTER);
    }

    /** The setup with this {@code down-after-milliseconds} (a test that kills the master may want it short). */
    public static LocalRedisSentinel start(Duration downAfter) {
        return start(downAfter, null);
    }

    /**
     * The setup with a password on the master and the replica ({@code requirepass}, and {@code masterauth} so that
     * either can follow the other after a failover); the Sentinels know it ({@code sentinel auth-pass}) but need
     * none themselves. {@link #url()} then carries it.
     */
    public static LocalRedisSentinel start(Duration downAfter, String password) {
        Path binary = RedisServerProcess.findOnPath().orElseThrow(() -> new IllegalStateException(
                "Sentinel tests need redis-server on the PATH (Debian/Ubuntu: apt-get install -y redis-server)"));
        LocalRedisSentinel setup = new LocalRedisSentinel(RedisCli.besides(binary), password);
        try {
            RedisServerProcess master = RedisServerProcess.builder(binary).start();
            setup.servers.add(master);
            setup.servers.add(RedisServerProcess.builder(binary)
                    .args("--replicaof", "127.0.0.1", Integer.toString(master.port())).start());
            setup.cli.await("the replica in sync", READY_TIMEOUT, i -> i.contains("master_link_status:up"),
                    setup.servers.get(1).port(), "INFO", "replication");
            if (password != null) {
                // set once in sync: the replica's authenticated link stays, and masterauth serves its reconnects
                for (String setting : List.of("masterauth", "requirepass")) {
                    for (RedisServerProcess server : setup.servers) {
                        // no password yet on this server: it asks for one only from the next connection on
                        setup.cli.await(setting + " set", READY_TIMEOUT, r -> r.trim().equals("OK"), server.port(),
                                "CONFIG", "SET", setting, password);
                    }
                }
            }
            Path sentinelBinary = sentinelBinary(binary);
            for (int i = 0; i < SENTINELS; i++) {
                setup.sentinels.add(setup.startSentinel(sentinelBinary, master.port(), downAfter));
            }
            setup.awaitSentinelsAgree(master.port());
            return setup;
        } catch (RuntimeException e) {
            setup.close();
            throw e;
        }
    }

    /** {@code redis-sentinel://} with the three Sentinels' addresses and {@link #MASTER_NAME}. */
    public String url() {
        return "redis-sentinel://" + (password == null ? "" : ":" + password + "@") + sentinels.stream().map(s -> "127.0.0.1:" + s.port())
                .collect(Collectors.joining(",")) + "/" + MASTER_NAME;
    }

    /** The master and the replica, in the order they were started (roles change with a failover). */
    public List<RedisServerProcess> servers() {
        return List.copyOf(servers);
    }

    /** The three Sentinels. */
    public List<RedisServerProcess> sentinels() {
        return List.copyOf(sentinels);
    }

    /** The server a live Sentinel names as the master now. */
    public RedisServerProcess master() {
        int port = masterPortPerSentinel(sentinels.stream().filter(RedisServerProcess::alive).findFirst()
                .orElseThrow(() -> new IllegalStateException("no Sentinel is alive")));
        return servers.stream().filter(s -> s.port() == port).findFirst()
                .orElseThrow(() -> new IllegalStateException("the Sentinels name an unknown master, port " + port));
    }

    /** The server that is not {@link #master()}. */
    public RedisServerProcess replica() {
        RedisServerProcess master = master();
        return servers.stream().filter(s -> s != master).findFirst().orElseThrow();
    }

    /**
     * {@code SENTINEL FAILOVER}, then waits until every Sentinel names the old replica as the master and the old
     * master (if it is alive) replicates from it. Returns the new master.
     */
    public RedisServerProcess failover() {
        RedisServerProcess promoted = replica();
        cli.await("a failover started", READY_TIMEOUT, reply -> reply.startsWith("OK"), sentinels.get(0).port(),
                "SENTINEL", "FAILOVER", MASTER_NAME);
        awaitMaster(promoted);
        return promoted;
    }

    /**
     * Waits until every live Sentinel names {@code expected} as the master and every other live server replicates
     * from it, in sync (e.g. after a master was killed with {@link RedisServerProcess#kill9()} and restarted).
     */
    public void awaitMaster(RedisServerProcess expected) {
        for (RedisServerProcess sentinel : sentinels) {
            if (sentinel.alive()) {
                cli.await("port " + expected.port() + " named the master", READY_TIMEOUT,
                        reply -> reply.contains(Integer.toString(expected.port())), sentinel.port(),
                        "SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME);
            }
        }
        cli.await("port " + expected.port() + " a master", READY_TIMEOUT, i -> i.contains("role:master"),
                expected.port(), onServer("INFO", "replication"));
        for (RedisServerProcess server : servers) {
            if (server != expected && server.alive()) {
                cli.await("port " + server.port() + " replicating from the master", READY_TIMEOUT,
                        i -> i.contains("master_port:" + expected.port()) && i.contains("master_link_status:up"),
                        server.port(), onServer("INFO", "replication"));
            }
        }
    }

    private RedisServerProcess startSentinel(Path binary, int masterPort, Duration downAfter) {
        try {
            Path dir = Files.createTempDirectory("sideline-test-sentinel");
            Path conf = dir.resolve("sentinel.conf");
            // Sentinel rewrites its file as it learns the topology: it must be writable, one per Sentinel
            Files.writeString(conf, String.join("\n",
                    "sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + masterPort + " 2",
                    "sentinel down-after-milliseconds " + MASTER_NAME + " " + downAfter.toMillis(),
                    "sentinel failover-timeout " + MASTER_NAME + " 60000",
                    "sentinel parallel-syncs " + MASTER_NAME + " 1",
                    password == null ? "" : "sentinel auth-pass " + MASTER_NAME + " " + password, ""));
            sentinelDirs.add(dir);
            // --sentinel is redundant for redis-sentinel (argv[0] says it) and needed for redis-server
            return RedisServerProcess.builder(binary).dir(dir).configFile(conf).args("--sentinel").start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a Sentinel configuration", e);
        }
    }

    /** A command to the master or the replica, with the password when they have one. */
    private String[] onServer(String... command) {
        List<String> args = new ArrayList<>();
        if (password != null) {
            args.addAll(List.of("--no-auth-warning", "-a", password));
        }
        args.addAll(List.of(command));
        return args.toArray(String[]::new);
    }

    private void awaitSentinelsAgree(int masterPort) {
        for (RedisServerProcess sentinel : sentinels) {
            cli.await("the master named", READY_TIMEOUT, r -> r.contains(Integer.toString(masterPort)),
                    sentinel.port(), "SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME);
            cli.await("the replica known", READY_TIMEOUT, r -> r.contains(Integer.toString(servers.get(1).port())),
                    sentinel.port(), "SENTINEL", "REPLICAS", MASTER_NAME);
            cli.await("the other Sentinels known", READY_TIMEOUT,
                    r -> sentinels.stream().filter(s -> s != sentinel)
                            .allMatch(s -> r.contains(Integer.toString(s.port()))),
                    sentinel.port(), "SENTINEL", "SENTINELS", MASTER_NAME);
        }
    }

    private int masterPortPerSentinel(RedisServerProcess sentinel) {
        String[] reply = cli.ask(sentinel.port(), "SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME).trim()
                .split("\\s+");
        return Integer.parseInt(reply[reply.length - 1]);
    }

    private static Path sentinelBinary(Path server) {
        Path sibling = server.resolveSibling("redis-sentinel");
        return Files.isExecutable(sibling) ? sibling : server;
    }

    /** Stops every Sentinel and server by its pid and deletes their directories. */
    @Override
    public void close() {
        sentinels.forEach(RedisServerProcess::close);
        servers.forEach(RedisServerProcess::close);
        for (Path dir : sentinelDirs) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temporary directory left behind is harmless
            }
        }
    }
}
