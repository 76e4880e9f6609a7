package io.sideline.ee.config;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code sideline.redis.url} names: one Redis ({@code redis://}, {@code rediss://}), a Redis Cluster
 * ({@code redis-cluster://host:port[,host:port...]}, {@code rediss-cluster://} with TLS) or a master found through
 * Sentinels ({@code redis-sentinel://host:port[,host:port...]/<master-name>}, {@code rediss-sentinel://} with TLS).
 * User and password sit before the first host as in {@code redis://user:password@host:port}.
 * <p>
 * Every error names {@code sideline.redis.url} and the reason but never the URL, which may hold a password.
 *
 * @param kind       which client the URL asks for
 * @param nodes      the seed nodes (cluster), the Sentinels (sentinel), or the one server
 * @param masterName the name the Sentinels know the master by; null unless {@link Kind#SENTINEL}
 * @param user       the ACL user of the URL, or null
 * @param password   the password of the URL, or null (never logged)
 * @param tls        whether the scheme asks for TLS ({@code rediss...})
 */
public record RedisEndpoint(Kind kind, List<Node> nodes, String masterName, String user, String password,
                            boolean tls) {

    /** The three ways to reach Redis. */
    public enum Kind { STANDALONE, CLUSTER, SENTINEL }

    /** One {@code host:port}. */
    public record Node(String host, int port) {
    }

    private static final String HIDDEN = " (the URL is not shown: it may hold a password)";
    /** Where a cluster node or a Sentinel listens when the URL names no port: Redis's own defaults. */
    private static final int CLUSTER_PORT = 6379;
    private static final int SENTINEL_PORT = 26379;

    public RedisEndpoint {
        nodes = List.copyOf(nodes);
    }

    /** The URL read, or an {@link IllegalArgumentException} naming the key and the reason, never the URL. */
    public static RedisEndpoint parse(String url) {
        String scheme = url.contains("://") ? url.substring(0, url.indexOf("://")).toLowerCase(Locale.ROOT) : "";
        return switch (scheme) {
            case "redis", "rediss" -> standalone(url, scheme.equals("rediss"));
            case "redis-cluster", "rediss-cluster" -> multi(Kind.CLUSTER, url, scheme.startsWith("rediss"));
            case "redis-sentinel", "rediss-sentinel" -> multi(Kind.SENTINEL, url, scheme.startsWith("rediss"));
            default -> throw new IllegalArgumentException(SidelineConfig.Keys.REDIS_URL + " must start with redis://, "
                    + "rediss://, redis-cluster://, rediss-cluster://, redis-sentinel:// or rediss-sentinel://" + HIDDEN);
        };
    }

    private static RedisEndpoint standalone(String url, boolean tls) {
        URI uri = RedisUrls.parse(url);
        return new RedisEndpoint(Kind.STANDALONE, List.of(new Node(uri.getHost(), uri.getPort())), null, null, null,
                tls);
    }

    private static RedisEndpoint multi(Kind kind, String url, boolean tls) {
        String rest = url.substring(url.indexOf("://") + 3);
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash + 1);
        int at = authority.lastIndexOf('@');
        String user = null;
        String password = null;
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
            if (user.isEmpty()) {
                user = null;
            }
        }
        List<Node> nodes = nodes(authority.substring(at + 1), kind == Kind.CLUSTER ? CLUSTER_PORT : SENTINEL_PORT);
        String masterName = null;
        if (kind == Kind.CLUSTER && !path.isEmpty()) {
            throw new IllegalArgumentException(SidelineConfig.Keys.REDIS_URL + ": a redis-cluster:// URL takes no path "
                    + "(a cluster has only database 0)" + HIDDEN);
        }
        if (kind == Kind.SENTINEL) {
            if (path.isEmpty() || path.contains("/") || path.contains("?") || path.contains("#")) {
                throw new IllegalArgumentException(SidelineConfig.Keys.REDIS_URL + ": a redis-sentinel:// URL ends with "
                        + "/<master-name>, the name the Sentinels monitor the master under" + HIDDEN);
            }
            masterName = decode(path);
        }
        return new RedisEndpoint(kind, nodes, masterName, user, password, tls);
    }

    private static List<Node> nodes(String hosts, int defaultPort) {
        List<Node> nodes = new ArrayList<>();
        for (String hostPort : hosts.split(",", -1)) {
            nodes.add(node(hostPort.trim(), defaultPort, nodes.size() + 1));
        }
        return nodes;
    }

    private static Node node(String hostPort, int defaultPort, int position) {
        String host = hostPort;
        String port = null;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            host = close < 0 ? "" : hostPort.substring(1, close);
            String after = close < 0 ? "" : hostPort.substring(close + 1);
            port = after.startsWith(":") ? after.substring(1) : after.isEmpty() ? null : "?";
        } else if (hostPort.contains(":")) {
            host = hostPort.substring(0, hostPort.lastIndexOf(':'));
            port = hostPort.substring(hostPort.lastIndexOf(':') + 1);
        }
        if (host.isEmpty() || !host.matches("[A-Za-z0-9._:\\-]+")) {
            throw new IllegalArgumentException(SidelineConfig.Keys.REDIS_URL + ": host " + position
                    + " of the list is empty or not a host name" + HIDDEN);
        }
        if (port == null) {
            return new Node(host, defaultPort);
        }
        try {
            int number = Integer.parseInt(port);
            if (number < 1 || number > 65_535) {
                throw new NumberFormatException();
            }
            return new Node(host, number);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(SidelineConfig.Keys.REDIS_URL + ": the port of host " + position
                    + " of the list is not a number from 1 to 65535" + HIDDEN);
        }
    }

    /** Percent-decoding as in a URL's user-info ({@code +} stays a plus). */
    private static String decode(String text) {
        try {
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(SidelineConfig.Keys.REDIS_URL + ": a malformed %-escape in the user, "
                    + "password or master name" + HIDDEN);
        }
    }

    /** The text safe to log: the password masked and nothing else changed. */
    @Override
    public String toString() {
        return "RedisEndpoint[kind=" + kind + ", nodes=" + nodes + ", masterName=" + masterName + ", user=" + user
                + ", password=" + (password == null ? "null" : "***") + ", tls=" + tls + "]";
    }
}
