package io.sideline.chaos.jobs;

import io.sideline.chaos.ledger.ChaosRedis;
import io.sideline.chaos.ledger.Ledger;
import io.sideline.ee.JobContext;
import io.sideline.ee.SidelineJob;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * A transactional job (issue 9 §3) on the campaign's JTA datasource ({@code jdbc/chaosTx}: an XA H2 the driver
 * serves over TCP, so it outlives a killed server). In one transaction it writes its business row the idempotent
 * way the docs recommend, an upsert by a unique key ({@code MERGE ... KEY (label)}), and an attempt row (how many
 * of its executions committed). The workflow advances after the commit; a server killed between the commit and
 * that completion makes the job run again, which the upsert absorbs.
 */
@ApplicationScoped
@SidelineJob("TxTask")
@Transactional
public class TxTask {

    @Resource(lookup = "jdbc/chaosTx")
    DataSource db;
    @Inject
    JobContext job;
    @Inject
    Ledger ledger;

    public void perform(String label, Long unused) throws SQLException {
        Ledger.Execution execution = ledger.start(job, label, null);
        try (Connection connection = db.getConnection();
             PreparedStatement upsert = connection.prepareStatement(
                     "MERGE INTO chaos_tx (label, jid) KEY (label) VALUES (?, ?)");
             PreparedStatement attempt = connection.prepareStatement(
                     "INSERT INTO chaos_tx_attempts (label, jid, server, pid) VALUES (?, ?, ?, ?)")) {
            upsert.setString(1, label);
            upsert.setString(2, job.jid());
            upsert.executeUpdate();
            attempt.setString(1, label);
            attempt.setString(2, job.jid());
            attempt.setString(3, ChaosRedis.SERVER);
            attempt.setLong(4, ChaosRedis.PID);
            attempt.executeUpdate();
        }
        ledger.end(execution, null);
    }
}
