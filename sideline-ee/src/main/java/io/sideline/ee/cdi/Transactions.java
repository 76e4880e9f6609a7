package io.sideline.ee.cdi;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The JTA transaction of the current thread, if the server has JTA: the standard
 * {@code java:comp/TransactionSynchronizationRegistry}, looked up once. Without JTA (Weld SE, a server without
 * the transaction feature) there is never a transaction, and sideline-ee behaves as if none were active.
 */
@ApplicationScoped
public class Transactions {

    static final String REGISTRY = "java:comp/TransactionSynchronizationRegistry";
    private static final Logger LOG = Logger.getLogger(Transactions.class.getName());

    private Optional<TransactionSynchronizationRegistry> registry;

    /** Looks the registry up while the application starts, on a thread that sees its {@code java:comp}. */
    @PostConstruct
    void lookUpRegistry() {
        registry = lookUp();
    }

    /** Whether the server has JTA. */
    public boolean available() {
        return registry.isPresent();
    }

    /** Whether the current thread runs in a JTA transaction that has not ended (active or marked for rollback). */
    public boolean active() {
        return registry.map(r -> {
            int status = r.getTransactionStatus();
            return status == Status.STATUS_ACTIVE || status == Status.STATUS_MARKED_ROLLBACK;
        }).orElse(false);
    }

    /**
     * Registers {@code afterCompletion} to run when the current transaction ends, after every resource
     * committed or rolled back (an interposed synchronization: after the application's own ones).
     *
     * @throws IllegalStateException when no transaction is active
     */
    public void afterCompletion(Synchronization synchronization) {
        registry.orElseThrow(() -> new IllegalStateException("no JTA transaction manager"))
                .registerInterposedSynchronization(synchronization);
    }

    private static Optional<TransactionSynchronizationRegistry> lookUp() {
        try {
            TransactionSynchronizationRegistry found = (TransactionSynchronizationRegistry) new InitialContext().lookup(REGISTRY);
            LOG.fine(() -> "sideline: JTA found; jobs and starts inside a transaction wait for its commit");
            return Optional.ofNullable(found);
        } catch (NamingException | RuntimeException | NoClassDefFoundError e) {
            LOG.fine(() -> "sideline: no JTA transaction manager (" + e + "); transactions are not considered");
            return Optional.empty();
        }
    }
}
