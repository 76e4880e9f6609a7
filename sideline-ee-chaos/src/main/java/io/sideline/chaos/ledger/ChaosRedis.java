package io.sideline.chaos.ledger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

import java.net.URI;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * The chaos beans' own connection to the campaign's Redis (the one sideline-ee uses, from {@code sideline.redis.url},
 * unless {@code chaos.ledger.url} names another: the failover scenarios point sideline-ee at a cluster or Sentinel
 * and keep the ledger, their witness, on the campaign's own Redis), and who this server is. Every call is repeated while Redis is unreachable: the Redis-fault scenarios kill
 * connections and Redis itself, and a ledger write that failed would show up as a job failure the library did not
 * cause.
 */
@ApplicationScoped
public class ChaosRedis {

    private static final Logger LOG = Logger.getLogger(ChaosRedis.class.getName());
    /** Longer than any outage a scenario causes (a killed redis-server is back within seconds). */
    private static final long GIVE_UP_AFTER_MS = 60_000;
    private static final long PAUSE_MS = 100;

    /** What the records call this server: {@code CHAOS_SERVER} from server.env (chaosA, chaosB). */
    public static final String SERVER = System.getenv().getOrDefault("CHAOS_SERVER", "unknown");
    public static final long PID = ProcessHandle.current().pid();

    @Inject
    @ConfigProperty(name = "sideline.redis.url", defaultValue = "redis://127.0.0.1:6379")
    String url;

    /** Where the ledger lives when sideline-ee's Redis is not a plain one ({@code CHAOS_LEDGER_URL}). */
    @Inject
    @ConfigProperty(name = "chaos.ledger.url")
    Optional<String> ledgerUrl;

    private RedisClient client;

    private synchronized RedisClient client() {
        if (client == null) {
            client = RedisClient.create(URI.create(ledgerUrl.filter(u -> !u.isBlank()).orElse(url)));
        }
        return client;
    }

    /** Runs {@code command}, repeating it while Redis cannot be reached. */
    public <T> T call(Function<RedisClient, T> command) {
        long deadline = System.currentTimeMillis() + GIVE_UP_AFTER_MS;
        while (true) {
            try {
                return command.apply(client());
            } catch (JedisException e) {
                if (System.currentTimeMillis() > deadline) {
                    throw e;
                }
                LOG.fine(() -> "chaos: Redis call failed, repeating: " + e);
                try {
                    Thread.sleep(PAUSE_MS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Runs {@code command} once; on any Redis error answers {@code fallback} (fault hooks must never fail a port). */
    public <T> T tryCall(Function<RedisClient, T> command, T fallback) {
        try {
            return command.apply(client());
        } catch (JedisException e) {
            return fallback;
        }
    }

    @PreDestroy
    synchronized void close() {
        if (client != null) {
            client.close();
        }
    }
}
