package io.sideline.ee.cdi;

import io.sideline.ee.config.SidelineConfig;
import org.junit.jupiter.api.Test;

import javax.naming.NameNotFoundException;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How {@code sideline.executor} selects the executor of the worker's loops, outside a server (JNDI is a map
 * here; that the servers bind the library's {@code @ManagedExecutorDefinition} is proven by
 * {@code ExecutorArqIT} on Open Liberty and {@code ExecutorWildFlyIT} on WildFly). Nothing falls back silently.
 */
class WorkerExecutorTest {

    private static SidelineConfig config(String... keyValues) {
        Map<String, String> values = new java.util.HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return SidelineConfig.read(values::get);
    }

    private static WorkerExecutor.Lookup jndi(Map<String, Object> bound) {
        return name -> {
            if (!bound.containsKey(name)) {
                throw new NameNotFoundException(name);
            }
            return bound.get(name);
        };
    }

    @Test
    void theDefaultIsTheLibrarysOwnManagedExecutor() {
        assertEquals("java:module/sideline/executor", config().worker().executor());
        assertEquals(SidelineConfig.LIBRARY_EXECUTOR, config().worker().executor());
    }

    @Test
    void aMistypedSettingIsRefusedAtStartupInsteadOfFallingBack() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> config(SidelineConfig.Keys.EXECUTOR, "threadfactory"));
        assertTrue(e.getMessage().contains("sideline.executor") && e.getMessage().contains("'threadfactory'"),
                e.getMessage());
    }

    @Test
    void threadFactoryRunsTheLoopsOnThreadsOfTheDefaultManagedThreadFactory() throws Exception {
        ThreadFactory managed = task -> new Thread(task, "managed-thread");
        WorkerExecutor chosen = WorkerExecutor.resolve(config(SidelineConfig.Keys.EXECUTOR, "thread-factory"),
                jndi(Map.of("java:comp/DefaultManagedThreadFactory", managed)));
        ExecutorService executor = chosen.executor();
        try {
            Future<String> thread = executor.submit(() -> Thread.currentThread().getName());
            assertEquals("managed-thread", thread.get(10, TimeUnit.SECONDS));
            assertTrue(chosen.owned(), "the library shuts down the pool it created");
            assertTrue(chosen.describe().contains("java:comp/DefaultManagedThreadFactory"), chosen.describe());
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void aNameThatIsNotBoundIsAnErrorNamingIt() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> WorkerExecutor.resolve(
                config(SidelineConfig.Keys.EXECUTOR, "java:global/nothing"), jndi(Map.of())));
        assertTrue(e.getMessage().contains("java:global/nothing") && e.getMessage().contains("sideline.executor"),
                e.getMessage());
    }

    @Test
    void aNameBoundToSomethingElseThanAManagedExecutorIsAnError() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> WorkerExecutor.resolve(
                config(SidelineConfig.Keys.EXECUTOR, "java:app/env/notAnExecutor"),
                jndi(Map.of("java:app/env/notAnExecutor", "a string"))));
        assertTrue(e.getMessage().contains("is not a ManagedExecutorService"), e.getMessage());
    }

    @Test
    void moreLoopsThanTheLibrarysExecutorRunsAtOnceAreRefusedAtStartup() {
        // 1 queue x 55 + 9 = 64 fit; 1 x 56 + 9 = 65 would leave a loop queued forever
        SidelineConfig fits = config(SidelineConfig.Keys.QUEUES, "a", SidelineConfig.Keys.CONCURRENCY, "55");
        assertEquals(WorkerExecutor.LIBRARY_MAX_ASYNC, fits.worker().threads());
        IllegalStateException fitsButUnbound = assertThrows(IllegalStateException.class,
                () -> WorkerExecutor.resolve(fits, jndi(Map.of())));
        assertTrue(fitsButUnbound.getMessage().contains("none is bound"), fitsButUnbound.getMessage());

        SidelineConfig tooMany = config(SidelineConfig.Keys.QUEUES, "a", SidelineConfig.Keys.CONCURRENCY, "56");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> WorkerExecutor.resolve(tooMany, jndi(Map.of())));
        assertTrue(e.getMessage().contains("needs 65 threads") && e.getMessage().contains("at most 64"),
                e.getMessage());
        assertFalse(e.getMessage().contains("none is bound"), e.getMessage());
    }
}
