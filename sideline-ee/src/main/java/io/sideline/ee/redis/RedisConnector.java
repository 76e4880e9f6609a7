package io.sideline.ee.redis;

import io.sideline.ee.config.RedisUrls;
import io.sideline.ee.config.SidelineConfig;
import java.security.cert.CertificateException;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import io.sideline.ee.config.RedisEndpoint;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.providers.PooledConnectionProvider;
import redis.clients.jedis.util.JedisURIHelper;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ThreadFactory;

/**
 * Builds the pooled Redis client from the configuration: one Redis, a Redis Cluster or a Sentinel-managed master
 * (see {@link RedisEndpoint}), ACL user and password (from the URL or their own keys, which win), TLS
 * ({@code rediss...://} or {@code sideline.redis.tls}), timeouts (a bounded one for blocking commands too), an idle
 * check and a bounded wait for a pooled connection.
 * <p>
 * TLS trusts what the JVM's default {@code SSLSocketFactory} trusts (in Open Liberty with
 * {@code transportSecurity-1.0}: the server's outbound SSL configuration; elsewhere the default
 * SSLContext, e.g. {@code javax.net.ssl.trustStore}), unless {@code sideline.redis.truststore} names a
 * file of its own. Either way Jedis checks that the certificate names the host of the URL.
 * <p>
 * A plain-TCP connection to one Redis (the usual case) reads with blocking sockets whose timeouts a
 * {@link SocketWatch} keeps ({@link BlockingSocketFactory}): one system call per reply instead of three. TLS, Cluster
 * and Sentinel connections use Jedis's own sockets.
 */
public final class RedisConnector {

    /** Connections beyond the blocking fetchers: completions, the promoter, heartbeats and API calls. */
    private static final int POOL_HEADROOM = 16;
    /**
     * How often idle pooled connections are checked with a PING (and dropped when dead, e.g. closed by a firewall, a
     * Redis {@code timeout} or a failover): Jedis's own {@code JedisPoolConfig} default. Without it the next command
     * on such a connection fails instead.
     */
    static final Duration IDLE_CHECK_EVERY = Duration.ofSeconds(30);

    private RedisConnector() {
    }

    /**
     * The client {@code sideline.redis.url} asks for: one Redis, a Redis Cluster or the master of a Sentinel set,
     * each a {@link UnifiedJedis} over a pool.
     */
    public static UnifiedJedis connect(SidelineConfig config) {
        return connect(config, IDLE_CHECK_EVERY, WATCH_THREADS);
    }

    /**
     * The same, the thread that keeps the sockets' timeouts made by {@code threads} (in a server: its
     * {@code ManagedThreadFactory}).
     */
    public static UnifiedJedis connect(SidelineConfig config, ThreadFactory threads) {
        return connect(config, IDLE_CHECK_EVERY, threads);
    }

    /** Outside a server: the socket watch's thread is a daemon of its own, named for thread dumps. */
    private static final ThreadFactory WATCH_THREADS = task -> {
        Thread thread = new Thread(task, "sideline-redis-socket-watch");
        thread.setDaemon(true);
        return thread;
    };

    static UnifiedJedis connect(SidelineConfig config, Duration idleCheckEvery) {
        return connect(config, idleCheckEvery, WATCH_THREADS);
    }

    private static UnifiedJedis connect(SidelineConfig config, Duration idleCheckEvery, ThreadFactory threads) {
        RedisEndpoint endpoint = RedisEndpoint.parse(config.redis().url());
        GenericObjectPoolConfig<Connection> pool = pool(config, idleCheckEvery);
        return switch (endpoint.kind()) {
            case STANDALONE -> standalone(config, pool, threads);
            case CLUSTER -> RedisClusterClient.builder()
                    .nodes(hostsAndPorts(endpoint))
                    .clientConfig(client(config, endpoint.user(), endpoint.password()).build())
                    .poolConfig(pool)
                    .build();
            case SENTINEL -> RedisSentinelClient.builder()
                    .masterName(endpoint.masterName())
                    .sentinels(hostsAndPorts(endpoint))
                    .clientConfig(client(config, endpoint.user(), endpoint.password()).build())
                    // the Sentinels get TLS and timeouts but no credentials: these are the master's (a Sentinel
                    // without requirepass refuses an AUTH)
                    .sentinelClientConfig(client(config, null, null).clientName("sideline-ee-sentinel").build())
                    .poolConfig(pool)
                    .build();
        };
    }

    private static RedisClient standalone(SidelineConfig config, GenericObjectPoolConfig<Connection> pool,
                                          ThreadFactory threads) {
        URI uri = RedisUrls.parse(config.redis().url());
        DefaultJedisClientConfig.Builder client = client(config, JedisURIHelper.getUser(uri),
                JedisURIHelper.getPassword(uri));
        if (JedisURIHelper.hasDbIndex(uri)) {
            client.database(JedisURIHelper.getDBIndex(uri));
        }
        JedisClientConfig built = client.build();
        HostAndPort address = JedisURIHelper.getHostAndPort(uri);
        var redis = RedisClient.builder().hostAndPort(address).clientConfig(built).poolConfig(pool);
        if (!config.redis().usesTls()) {
            redis.connectionProvider(watchedPool(address, built, pool, threads));
        }
        return redis.build();
    }

    /** A pool of blocking sockets whose timeouts one watch keeps; closing the pool stops the watch. */
    private static PooledConnectionProvider watchedPool(HostAndPort address, JedisClientConfig client,
                                                        GenericObjectPoolConfig<Connection> pool, ThreadFactory threads) {
        SocketWatch watch = new SocketWatch(threads);
        ConnectionFactory connections = new ConnectionFactory(new BlockingSocketFactory(address, client, watch), client);
        return new PooledConnectionProvider(connections, pool) {
            @Override
            public void close() {
                try {
                    super.close();
                } finally {
                    watch.close();
                }
            }
        };
    }

    /** Timeouts, TLS and credentials; {@code sideline.redis.user} and {@code .password} win over the URL's. */
    private static DefaultJedisClientConfig.Builder client(SidelineConfig config, String urlUser, String urlPassword) {
        int timeoutMs = (int) config.redis().timeout().toMillis();
        DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeoutMs)
                .socketTimeoutMillis(timeoutMs)
                .blockingSocketTimeoutMillis(blockingTimeoutMillis(config))
                .clientName("sideline-ee")
                .ssl(config.redis().usesTls());
        if (config.redis().usesTls() && config.redis().truststore() != null) {
            client.sslSocketFactory(trusting(config.redis().truststore(), config.redis().truststorePassword()));
        }
        String user = config.redis().user() != null ? config.redis().user() : urlUser;
        String password = config.redis().password() != null ? config.redis().password() : urlPassword;
        if (user != null) {
            client.user(user);
        }
        if (password != null) {
            client.password(password);
        }
        return client;
    }

    /**
     * The socket timeout of a blocking command (the fetch's and the run-end loop's {@code BLMOVE}): Redis answers it
     * within {@code sideline.fetch.timeout-ms}, so a silence longer than that plus the ordinary socket timeout means
     * the connection is dead (half-open: the server or a middlebox vanished without a FIN). Jedis's default, 0,
     * waits for ever, which left a fetcher hanging until TCP keep-alive (about 2 hours).
     */
    static int blockingTimeoutMillis(SidelineConfig config) {
        return (int) (config.worker().fetchTimeout().toMillis() + config.redis().timeout().toMillis());
    }

    private static GenericObjectPoolConfig<Connection> pool(SidelineConfig config, Duration idleCheckEvery) {
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        // Every blocked BLMOVE holds a connection: size the pool for all fetchers plus headroom.
        int fetchers = config.worker().enabled() ? config.worker().queues().size() * config.worker().concurrency() : 0;
        pool.setMaxTotal(fetchers + POOL_HEADROOM);
        pool.setMaxIdle(fetchers + POOL_HEADROOM);
        // testWhileIdle does nothing unless the evictor runs; -1: every idle connection is checked at each run
        pool.setTestWhileIdle(true);
        pool.setTimeBetweenEvictionRuns(idleCheckEvery);
        pool.setNumTestsPerEvictionRun(-1);
        // an exhausted pool fails a call after the socket timeout instead of blocking its thread for ever
        pool.setMaxWait(config.redis().timeout());
        return pool;
    }

    private static Set<HostAndPort> hostsAndPorts(RedisEndpoint endpoint) {
        Set<HostAndPort> nodes = new LinkedHashSet<>();
        endpoint.nodes().forEach(n -> nodes.add(new HostAndPort(n.host(), n.port())));
        return nodes;
    }

    /**
     * A socket factory that trusts exactly the certificates of {@code file}: a keystore (PKCS12 or JKS, the
     * type read from the file) or X.509 certificates (PEM or DER).
     */
    static SSLSocketFactory trusting(String file, String password) {
        Path path = Path.of(file);
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException(SidelineConfig.Keys.REDIS_TRUSTSTORE + ": no such file " + file);
        }
        try {
            KeyStore trusted;
            try {
                trusted = KeyStore.getInstance(path.toFile(), password == null ? null : password.toCharArray());
            } catch (KeyStoreException notAKeystore) {
                trusted = certificates(path);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (IOException | GeneralSecurityException e) {
            // the message names the file and the cause, never the password
            throw new IllegalArgumentException(SidelineConfig.Keys.REDIS_TRUSTSTORE + ": cannot read " + file + " ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        }
    }

    private static KeyStore certificates(Path path) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (InputStream in = Files.newInputStream(path)) {
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("redis-ca-" + i++, certificate);
            }
        }
        if (store.size() == 0) {
            throw new CertificateException("neither a keystore nor X.509 certificates");
        }
        return store;
    }
}
