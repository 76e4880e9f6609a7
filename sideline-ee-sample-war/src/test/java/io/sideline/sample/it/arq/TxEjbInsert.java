package io.sideline.sample.it.arq;

import io.sideline.ee.JobContext;
import io.sideline.ee.SidelineJob;
import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * A test-only job (deployed by {@link TransactionalJobsIT} alone) that is a stateless EJB: its transaction is
 * container-managed (REQUIRED), begun before every interceptor and committed after them. It inserts the row
 * {@code (key, attempt)}, then {@code commit}s or marks the transaction {@code rollback-only}, which the container
 * rolls back without throwing to the caller.
 */
@SidelineJob("TxEjbInsert")
@Stateless
public class TxEjbInsert {

    @Resource(lookup = "jdbc/sidelineTx")
    DataSource db;
    @Resource
    SessionContext session;
    @Inject
    JobContext job;
    @Inject
    TxAttempts attempts;

    public void perform(String key, String mode) throws SQLException {
        attempts.count(key);
        try (Connection connection = db.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO tx_rows (k, attempt) VALUES (?, ?)")) {
            insert.setString(1, key);
            insert.setInt(2, job.retryCount());
            insert.executeUpdate();
        }
        if (mode.equals("rollback-only")) {
            session.setRollbackOnly();
        } else if (!mode.equals("commit")) {
            throw new IllegalArgumentException("unknown mode " + mode);
        }
    }
}
