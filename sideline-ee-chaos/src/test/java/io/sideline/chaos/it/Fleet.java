package io.sideline.chaos.it;

import io.sideline.ee.test.Await;
import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The two Liberty servers and what happens to them. A supervisor watches every server JVM it started; when one
 * dies (our kill -9, a crash point's halt, a poison pill) it notes the death as a {@link Disruption} and, while
 * {@link #autoRestart} is on, starts the server again at once. Pauses (SIGSTOP) and Redis faults are disruptions
 * too: the checks attribute a job's re-run to a disruption of the server that ran it, or call it a duplicate.
 */
final class Fleet implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Fleet.class.getName());
    /** A disruption of every server (Redis itself was disturbed). */
    static final long ALL = -1;
    /** A server that dies at every start (it keeps fetching a job that halts it) is still started again. */
    private static final int MAX_START_ATTEMPTS = 20;

    /**
     * Something that may make jobs run again: a server died or froze, or Redis was disturbed, from {@code ms} to
     * {@code untilMs} (the same instant for a death).
     */
    record Disruption(String server, long pid, long ms, long untilMs, String cause) {
        Disruption(String server, long pid, long ms, String cause) {
            this(server, pid, ms, ms, cause);
        }

        boolean hits(long jobPid) {
            return pid == ALL || pid == jobPid;
        }

        /** Whether it lasted into the interval [fromMs, toMs]. */
        boolean overlaps(long fromMs, long toMs) {
            return ms <= toMs && untilMs >= fromMs;
        }

        boolean isDeath() {
            return pid != ALL && !cause.equals("SIGSTOP");
        }
    }

    private record Instance(long pid, long upMs) {
    }

    private final List<ChaosServer> servers;
    private final CampaignRedis redis;
    private final Settings settings;
    private final Map<String, Instance> up = new ConcurrentHashMap<>();
    private final Set<String> restarting = ConcurrentHashMap.newKeySet();
    private final Map<Long, Long> killedAt = new ConcurrentHashMap<>();
    private final Set<Long> deadPids = ConcurrentHashMap.newKeySet();
    private final Map<Long, Long> pausedAt = new ConcurrentHashMap<>();
    private final List<Disruption> disruptions = new ArrayList<>();
    private final List<Long> startMillis = new ArrayList<>();
    private final ExecutorService supervisor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "chaos-supervisor");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean autoRestart = true;
    private volatile boolean closing;

    Fleet(List<ChaosServer> servers, CampaignRedis redis, Settings settings) {
        this.servers = List.copyOf(servers);
        this.redis = redis;
        this.settings = settings;
    }

    List<ChaosServer> servers() {
        return servers;
    }

    void autoRestart(boolean on) {
        autoRestart = on;
    }

    /** Starts every server in parallel and waits until all are ready. */
    void startAll() {
        servers.forEach(this::restartInBackground);
        awaitAllUp();
    }

    void awaitAllUp() {
        Await.require("every server to be up", settings.startTimeout().multipliedBy(2), this::allUp,
                () -> "up: " + up.keySet() + ", restarting: " + restarting);
    }

    boolean allUp() {
        return servers.stream().allMatch(this::isUp) && restarting.isEmpty();
    }

    /** Up: started, ready, and its JVM still alive (the watcher may not have noted a death yet). */
    boolean isUp(ChaosServer server) {
        return pid(server).isPresent();
    }

    /** Whether the supervisor has noted the death of JVM {@code pid} (and so no longer counts it as up). */
    boolean deathNoted(long pid) {
        return deadPids.contains(pid);
    }

    List<ChaosServer> upServers() {
        return servers.stream().filter(this::isUp).toList();
    }

    Optional<Long> pid(ChaosServer server) {
        return Optional.ofNullable(up.get(server.name())).map(Instance::pid)
                .filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }

    /** Starts {@code server} in the background unless it is already (re)starting. */
    void restartInBackground(ChaosServer server) {
        if (closing || !restarting.add(server.name())) {
            return;
        }
        supervisor.submit(() -> {
            try {
                launch(server, ChaosServer::ready);
            } catch (RuntimeException | Error e) {
                LOG.severe("chaos: could not start " + server + ": " + e);
            } finally {
                restarting.remove(server.name());
            }
        });
    }

    /**
     * Starts the server until an instance of it is ready. An instance may die while starting (a poison pill or an
     * armed crash point is fetched as soon as its worker starts): that death is recorded like any other, and the
     * server is started again.
     */
    private void launch(ChaosServer server, java.util.function.Predicate<ChaosServer> ready) {
        long begin = System.currentTimeMillis();
        for (int attempt = 1; !closing; attempt++) {
            try {
                server.start();
            } catch (RuntimeException e) {
                LOG.warning("chaos: start of " + server + " (attempt " + attempt + "): " + e.getMessage());
            }
            Optional<ProcessHandle> jvm = server.pid().flatMap(ProcessHandle::of);
            if (closing) {
                return; // close() waits for this start to end, then stops the server by its pid file
            }
            if (jvm.isEmpty()) {
                server.pidFromFile().ifPresent(dead -> died(server, dead));
            } else {
                long instance = jvm.get().pid();
                jvm.get().onExit().thenRunAsync(() -> died(server, instance), supervisor);
                if (Await.holds(settings.startTimeout(), () -> closing || ready.test(server) || !jvm.get().isAlive())
                        && jvm.get().isAlive()) {
                    up.put(server.name(), new Instance(instance, System.currentTimeMillis()));
                    synchronized (startMillis) {
                        startMillis.add(System.currentTimeMillis() - begin);
                    }
                    return;
                }
                jvm.get().destroyForcibly(); // never got ready: its death is recorded by the watcher
            }
            if (attempt >= MAX_START_ATTEMPTS) {
                throw new IllegalStateException(server + " did not start in " + attempt + " attempts");
            }
        }
    }

    /**
     * Starts {@code server} now and counts it up once {@code ready} holds, e.g. once it answers its liveness check
     * while its Redis is down (the start-order scenario); returns then.
     */
    void start(ChaosServer server, java.util.function.Predicate<ChaosServer> ready) {
        if (!restarting.add(server.name())) {
            throw new IllegalStateException(server + " is being started already");
        }
        try {
            launch(server, ready);
        } finally {
            restarting.remove(server.name());
        }
    }

    private void died(ChaosServer server, long pid) {
        if (!deadPids.add(pid)) {
            return; // already recorded (a stale pid file, or the watcher after a direct call)
        }
        up.computeIfPresent(server.name(), (name, instance) -> instance.pid() == pid ? null : instance);
        long now = System.currentTimeMillis();
        Long killed = killedAt.remove(pid);
        String cause;
        long ms;
        if (killed != null) {
            cause = "kill -9";
            ms = killed;
        } else {
            Optional<JsonObject> halt = haltOf(pid);
            cause = halt.map(h -> "halt at " + h.getString("point")).orElse(closing ? "stopped" : "exited");
            ms = halt.map(h -> h.getJsonNumber("ms").longValue()).orElse(now);
        }
        if (!closing) {
            record(new Disruption(server.name(), pid, ms, cause));
        }
        if (autoRestart && !closing) {
            restartInBackground(server);
        }
    }

    private Optional<JsonObject> haltOf(long pid) {
        try {
            return redis.lrange("chaos:halts").stream()
                    .map(text -> Json.createReader(new StringReader(text)).readObject())
                    .filter(h -> h.getJsonNumber("pid").longValue() == pid).findFirst();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** SIGKILL of the server's JVM; returns when it was sent, once the JVM is gone. */
    long kill9(ChaosServer server) {
        long pid = pid(server).orElseThrow(() -> new IllegalStateException(server + " is not up"));
        long at = System.currentTimeMillis();
        killedAt.put(pid, at);
        ProcessHandle.of(pid).ifPresent(p -> {
            p.destroyForcibly();
            p.onExit().orTimeout(60, TimeUnit.SECONDS).join();
        });
        return at;
    }

    /** SIGSTOP: the JVM freezes (heartbeats stop) without dying: a zombie once its jobs are reaped. */
    long pause(ChaosServer server) {
        long pid = pid(server).orElseThrow();
        long at = System.currentTimeMillis();
        ChaosServer.signal(pid, "STOP");
        pausedAt.put(pid, at);
        System.out.printf("chaos: %tT %s SIGSTOP (pid %d)%n", at, server, pid);
        return at;
    }

    /** SIGCONT; the pause is recorded as a disruption from the SIGSTOP until now. */
    void resume(ChaosServer server) {
        pid(server).ifPresent(pid -> {
            ChaosServer.signal(pid, "CONT");
            Long at = pausedAt.remove(pid);
            if (at != null) {
                record(new Disruption(server.name(), pid, at, System.currentTimeMillis(), "SIGSTOP"));
            }
        });
    }

    /** Notes a disruption of every server (Redis was down) from {@code fromMs} to {@code untilMs}. */
    void redisDisrupted(String cause, long fromMs, long untilMs) {
        record(new Disruption("redis", ALL, fromMs, untilMs, cause));
    }

    void record(Disruption disruption) {
        synchronized (disruptions) {
            disruptions.add(disruption);
        }
        System.out.printf("chaos: %tT %s %s (pid %d)%n", disruption.ms(), disruption.server(), disruption.cause(),
                disruption.pid());
    }

    /**
     * Every disruption so far. Halts are also taken from the WAR's own record ({@code chaos:halts}): a server that
     * halts while it is still starting (it fetched an armed job or a poison pill at once) may die before the
     * supervisor learnt its pid.
     */
    List<Disruption> disruptions() {
        List<Disruption> all;
        synchronized (disruptions) {
            all = new ArrayList<>(disruptions);
        }
        Set<Long> known = new java.util.HashSet<>();
        all.forEach(d -> known.add(d.pid()));
        try {
            for (String text : redis.lrange("chaos:halts")) {
                JsonObject halt = Json.createReader(new StringReader(text)).readObject();
                long pid = halt.getJsonNumber("pid").longValue();
                if (known.add(pid)) {
                    all.add(new Disruption(halt.getString("server"), pid, halt.getJsonNumber("ms").longValue(),
                            "halt at " + halt.getString("point") + " (while starting)"));
                }
            }
        } catch (RuntimeException e) {
            LOG.warning("chaos: cannot read the halts: " + e);
        }
        all.sort(java.util.Comparator.comparingLong(Disruption::ms));
        return all;
    }

    /** How long (re)starts took, start command to ready: the floor of every recovery that needs a restart. */
    List<Long> startMillis() {
        synchronized (startMillis) {
            return List.copyOf(startMillis);
        }
    }

    /** Stops both servers at once: resumed if frozen, stopped normally, killed by pid if that did not work. */
    @Override
    public void close() {
        closing = true;
        autoRestart = false;
        // a start under way (a server halted by the last scenario) must end before the stop, or its JVM, not yet
        // in its pid file, would outlive the campaign (seen when the JTA scenario ran last)
        Await.holds(settings.startTimeout(), restarting::isEmpty);
        List<Thread> stopping = new ArrayList<>();
        for (ChaosServer server : servers) {
            server.pid().ifPresent(pid -> {
                Thread stop = new Thread(() -> {
                    try {
                        ChaosServer.signal(pid, "CONT");
                        server.stop();
                    } catch (RuntimeException e) {
                        LOG.warning("chaos: stopping " + server + ": " + e);
                    }
                    ProcessHandle.of(pid).filter(ProcessHandle::isAlive).ifPresent(ProcessHandle::destroyForcibly);
                }, "chaos-stop-" + server.name());
                stop.start();
                stopping.add(stop);
            });
        }
        for (Thread stop : stopping) {
            try {
                stop.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        supervisor.shutdownNow();
    }
}
