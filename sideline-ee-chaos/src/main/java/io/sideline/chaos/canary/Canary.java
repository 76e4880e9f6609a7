package io.sideline.chaos.canary;

import redis.clients.jedis.RedisClient;

import java.net.URI;

/**
 * Proves that a job name read from Redis never loads or initialises a class: the bad-input scenario pushes payloads
 * naming this class (fully qualified and simple). If anything initialised it, its static initializer would write
 * {@code chaos:canary} to the campaign's Redis, and the driver checks that key stays absent. Nothing in the
 * application refers to this class, and it has no bean-defining annotation.
 */
public final class Canary {

    public static final String KEY = "chaos:canary";

    static {
        String url = System.getenv().getOrDefault("SIDELINE_REDIS_URL", "redis://127.0.0.1:6379");
        try (RedisClient redis = RedisClient.create(URI.create(url))) {
            redis.set(KEY, "initialised in " + ProcessHandle.current().pid());
        }
    }

    private Canary() {
    }

    public void perform() {
        // the shape of a job, so that nothing but the registry stands between a payload and this class
    }
}
