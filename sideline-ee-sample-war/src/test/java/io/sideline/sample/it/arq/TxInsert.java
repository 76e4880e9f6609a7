package io.sideline.sample.it.arq;

import io.sideline.ee.JobContext;
import io.sideline.ee.SidelineJob;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * A test-only job (deployed by {@link TransactionalJobsIT} alone): in a {@code @Transactional} {@code perform},
 * inserts the row {@code (key, attempt)} into the JTA datasource, then ends as {@code mode} says:
 * {@code commit}; {@code throw} (an exception after the insert: rollback); {@code rollback-only} (the transaction
 * is marked rollback-only: {@code @Transactional} rolls it back without throwing); {@code fail-commit} (a
 * {@link Synchronization} whose {@code beforeCompletion} throws: the commit fails).
 */
@SidelineJob("TxInsert")
@ApplicationScoped
@Transactional
public class TxInsert {

    static final String TABLE = "CREATE TABLE IF NOT EXISTS tx_rows (k VARCHAR(200) NOT NULL, attempt INT NOT NULL)";

    @Resource(lookup = "jdbc/sidelineTx")
    DataSource db;
    @Resource(lookup = "java:comp/TransactionSynchronizationRegistry")
    TransactionSynchronizationRegistry transaction;
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
        switch (mode) {
            case "commit" -> { }
            case "throw" -> throw new IllegalStateException("failed after the insert (test)");
            case "rollback-only" -> transaction.setRollbackOnly();
            case "fail-commit" -> transaction.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                    throw new IllegalStateException("beforeCompletion fails (test)");
                }

                @Override
                public void afterCompletion(int status) {
                }
            });
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        }
    }
}
