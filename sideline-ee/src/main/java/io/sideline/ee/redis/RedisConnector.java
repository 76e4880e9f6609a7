package io.sideline.ee.redis;

import io.sideline.ee.config.SidelineConfig;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.util.JedisURIHelper;

import java.net.URI;

/**
 * Builds the pooled Redis client from the configuration: URL, ACL user and password (from the URL or
 * their own keys, which win), TLS ({@code rediss://} or {@code sideline.redis.tls}) and timeouts.
 */
public final class RedisConnector {

    /** Connections beyond the blocking fetchers: completions, the promoter, heartbeats and API calls. */
    private static final int POOL_HEADROOM = 16;

    private RedisConnector() {
    }

    public static RedisClient connect(SidelineConfig config) {
        URI uri = URI.create(config.redisUrl());
        int timeoutMs = (int) config.redisTimeout().toMillis();
        DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeoutMs)
                .socketTimeoutMillis(timeoutMs)
                .clientName("sideline-ee")
                .ssl(config.redisTls() || JedisURIHelper.isRedisSSLScheme(uri));
        String user = config.redisUser() != null ? config.redisUser() : JedisURIHelper.getUser(uri);
        String password = config.redisPassword() != null ? config.redisPassword() : JedisURIHelper.getPassword(uri);
        if (user != null) {
            client.user(user);
        }
        if (password != null) {
            client.password(password);
        }
        if (JedisURIHelper.hasDbIndex(uri)) {
            client.database(JedisURIHelper.getDBIndex(uri));
        }
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        // Every blocked BLMOVE holds a connection: size the pool for all fetchers plus headroom.
        int fetchers = config.workerEnabled() ? config.queues().size() * config.concurrency() : 0;
        pool.setMaxTotal(fetchers + POOL_HEADROOM);
        pool.setMaxIdle(fetchers + POOL_HEADROOM);
        pool.setTestWhileIdle(true);
        return RedisClient.builder()
                .hostAndPort(JedisURIHelper.getHostAndPort(uri))
                .clientConfig(client.build())
                .poolConfig(pool)
                .build();
    }
}
