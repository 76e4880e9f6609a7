package io.sideline.ee.test;

import java.util.UUID;

/**
 * A test's private Redis: the shared test Redis ({@link SharedRedis}) and a key prefix no other test uses, so a
 * test sees only its own keys. Pass both to the library: {@code sideline.redis.url} and {@code sideline.key-prefix}.
 *
 * @param url       where the Redis listens, e.g. {@code redis://127.0.0.1:41234}
 * @param keyPrefix a fresh prefix such as {@code sltest:3f2a9c1e:}
 * @param source    where the kit found the Redis
 */
public record SidelineRedis(String url, String keyPrefix, RedisSource source) {

    /** The shared Redis with a new key prefix. */
    public static SidelineRedis fresh() {
        return new SidelineRedis(SharedRedis.url(), "sltest:" + UUID.randomUUID().toString().substring(0, 8) + ":",
                SharedRedis.source());
    }
}
