package io.sideline.ee.worker;

import io.sideline.ee.config.SidelineConfig;
import jakarta.json.Json;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ThreadLocalRandom;

/** This server's worker id: host, process id and a random suffix (a restarted process is a new worker). */
public record WorkerIdentity(String id, String host, long pid, long startedAtMs) {

    public static WorkerIdentity create() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        long pid = ProcessHandle.current().pid();
        String suffix = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xFFFFFF));
        return new WorkerIdentity(host + ":" + pid + ":" + suffix, host, pid, System.currentTimeMillis());
    }

    /** The heartbeat's value: what an operator wants to know about a worker. */
    String describe(SidelineConfig config) {
        return Json.createObjectBuilder().add("hostname", host).add("pid", pid).add("started_at", startedAtMs)
                .add("queues", String.join(",", config.worker().queues())).add("concurrency", config.worker().concurrency())
                .build().toString();
    }

    /** The heartbeat's value written at {@code beatAtMs}: {@link #describe(SidelineConfig)} and the beat's time. */
    String describe(SidelineConfig config, long beatAtMs) {
        return Json.createObjectBuilder().add("hostname", host).add("pid", pid).add("started_at", startedAtMs)
                .add("queues", String.join(",", config.worker().queues())).add("concurrency", config.worker().concurrency())
                .add("beat_at", beatAtMs).build().toString();
    }
}
