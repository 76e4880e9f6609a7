package io.sideline.ee.redis;

import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.JedisSocketFactory;
import redis.clients.jedis.exceptions.JedisConnectionException;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;

/**
 * Plain-TCP connections to one Redis whose reads block in the kernel ({@link WatchedSocket}: one system call per
 * reply instead of three) while Jedis's connect and socket timeouts still hold. The socket options are Jedis's own
 * (keep-alive, no Nagle delay, reuse-address, linger 0); each address of the host is tried in turn.
 */
final class BlockingSocketFactory implements JedisSocketFactory {

    private final HostAndPort address;
    private final int connectTimeoutMs;
    private final int socketTimeoutMs;
    private final SocketWatch watch;

    BlockingSocketFactory(HostAndPort address, JedisClientConfig client, SocketWatch watch) {
        this.address = address;
        this.connectTimeoutMs = client.getConnectionTimeoutMillis();
        this.socketTimeoutMs = client.getSocketTimeoutMillis();
        this.watch = watch;
    }

    @Override
    public Socket createSocket() throws JedisConnectionException {
        InetAddress[] candidates;
        try {
            candidates = InetAddress.getAllByName(address.getHost());
        } catch (UnknownHostException e) {
            throw new JedisConnectionException("Unknown host " + address.getHost(), e);
        }
        JedisConnectionException failed = new JedisConnectionException("Failed to connect to " + address);
        for (InetAddress candidate : candidates) {
            WatchedSocket socket = watch.socket();
            try {
                socket.setReuseAddress(true);
                socket.setKeepAlive(true);
                socket.setTcpNoDelay(true);
                socket.setSoLinger(true, 0);
                socket.connect(new InetSocketAddress(candidate, address.getPort()), connectTimeoutMs);
                socket.setSoTimeout(socketTimeoutMs);
                return socket;
            } catch (IOException e) {
                failed.addSuppressed(e);
                closeQuietly(socket);
            }
        }
        throw failed;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // it never connected: nothing to release beyond the descriptor close tried to
        }
    }
}
