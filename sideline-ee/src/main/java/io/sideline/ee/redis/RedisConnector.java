package io.sideline.ee.redis;

import io.sideline.ee.config.SidelineConfig;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
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

/**
 * Builds the pooled Redis client from the configuration: URL, ACL user and password (from the URL or
 * their own keys, which win), TLS ({@code rediss://} or {@code sideline.redis.tls}) and timeouts.
 * <p>
 * TLS trusts what the JVM's default {@code SSLSocketFactory} trusts (in Open Liberty with
 * {@code transportSecurity-1.0}: the server's outbound SSL configuration; elsewhere the default
 * SSLContext, e.g. {@code javax.net.ssl.trustStore}), unless {@code sideline.redis.truststore} names a
 * file of its own. Either way Jedis checks that the certificate names the host of the URL.
 */
public final class RedisConnector {

    /** Connections beyond the blocking fetchers: completions, the promoter, heartbeats and API calls. */
    private static final int POOL_HEADROOM = 16;

    private RedisConnector() {
    }

    public static RedisClient connect(SidelineConfig config) {
        URI uri = io.sideline.ee.config.RedisUrls.parse(config.redis().url());
        int timeoutMs = (int) config.redis().timeout().toMillis();
        DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeoutMs)
                .socketTimeoutMillis(timeoutMs)
                .clientName("sideline-ee")
                .ssl(config.redis().usesTls());
        if (config.redis().usesTls() && config.redis().truststore() != null) {
            client.sslSocketFactory(trusting(config.redis().truststore(), config.redis().truststorePassword()));
        }
        String user = config.redis().user() != null ? config.redis().user() : JedisURIHelper.getUser(uri);
        String password = config.redis().password() != null ? config.redis().password() : JedisURIHelper.getPassword(uri);
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
        int fetchers = config.worker().enabled() ? config.worker().queues().size() * config.worker().concurrency() : 0;
        pool.setMaxTotal(fetchers + POOL_HEADROOM);
        pool.setMaxIdle(fetchers + POOL_HEADROOM);
        pool.setTestWhileIdle(true);
        return RedisClient.builder()
                .hostAndPort(JedisURIHelper.getHostAndPort(uri))
                .clientConfig(client.build())
                .poolConfig(pool)
                .build();
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
            throw new java.security.cert.CertificateException("neither a keystore nor X.509 certificates");
        }
        return store;
    }
}
