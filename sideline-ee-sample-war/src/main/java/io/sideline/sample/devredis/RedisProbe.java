package io.sideline.sample.devredis;

import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Short-timeout questions to a Redis that may or may not be there. */
final class RedisProbe {

    /** A local Redis answers in well under this; a missing one must not delay server start. */
    private static final int TIMEOUT_MS = 1_000;

    private RedisProbe() {
    }

    /** Whether the recorded Redis still runs: same address and same run_id, i.e. not a newer process. */
    static boolean isSameServer(RedisProcess recorded) {
        return runId(recorded.url()).filter(recorded.runId()::equals).isPresent();
    }

    /** The server's {@code INFO server} run_id, or empty when nothing answers there. */
    static Optional<String> runId(String url) {
        return serverInfo(url).map(info -> info.get("run_id"));
    }

    /** The fields of {@code INFO server} (run_id, process_id, redis_version, ...), or empty. */
    static Optional<Map<String, String>> serverInfo(String url) {
        JedisClientConfig config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(TIMEOUT_MS).socketTimeoutMillis(TIMEOUT_MS).build();
        try (Jedis jedis = new Jedis(URI.create(url), config)) {
            return Optional.of(jedis.info("server").lines()
                    .filter(line -> line.indexOf(':') > 0)
                    .collect(Collectors.toMap(line -> line.substring(0, line.indexOf(':')),
                            line -> line.substring(line.indexOf(':') + 1).trim(), (a, b) -> b)));
        } catch (RuntimeException notThere) {
            return Optional.empty();
        }
    }
}
