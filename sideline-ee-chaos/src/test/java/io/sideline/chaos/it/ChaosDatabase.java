package io.sideline.chaos.it;

import org.h2.tools.Server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The JTA scenario's database: an in-memory H2 that this JVM serves over TCP, so that what a killed server
 * committed survives it. Both servers reach it through their XA datasource {@code jdbc/chaosTx}; the driver reads
 * it over JDBC. Its driver jar (the servers' {@code <library>}) comes from the local Maven repository.
 */
final class ChaosDatabase implements AutoCloseable {

    private final Server tcp;
    private final int port;

    private ChaosDatabase(Server tcp, int port) {
        this.tcp = tcp;
        this.port = port;
    }

    static ChaosDatabase start() {
        try {
            int port;
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            Server tcp = Server.createTcpServer("-tcpPort", Integer.toString(port), "-ifNotExists").start();
            ChaosDatabase db = new ChaosDatabase(tcp, port);
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS chaos_tx (label VARCHAR(200) PRIMARY KEY, jid VARCHAR(64))");
                s.execute("CREATE TABLE IF NOT EXISTS chaos_tx_attempts (label VARCHAR(200), jid VARCHAR(64),"
                        + " server VARCHAR(64), pid BIGINT)");
            }
            return db;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot start the chaos database", e);
        }
    }

    /** The URL the servers' datasource uses (kept alive between connections). */
    String url() {
        return "jdbc:h2:tcp://127.0.0.1:" + port + "/mem:chaostx;DB_CLOSE_DELAY=-1";
    }

    /** The H2 jar the servers load their driver from. */
    static String driverJar() {
        return System.getProperty("chaos.h2.jar", "");
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), "sa", "");
    }

    /** How many rows of {@code table} carry {@code label}. */
    long count(String table, String label) {
        try (Connection c = connect(); var q = c.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE label = ?")) {
            q.setString(1, label);
            try (var rows = q.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        tcp.stop();
    }
}
