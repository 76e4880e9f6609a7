package io.sideline.wildfly.it;

import io.sideline.ee.cdi.WorkerLifecycle;
import io.sideline.ee.test.Await;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * In the container: WildFly processes the library's {@code @ManagedExecutorDefinition} although the library is a
 * jar in the WAR's WEB-INF/lib, binds it at {@code java:module/sideline/executor}, the worker's loops run on it
 * (every fetcher turns on a thread of its own), and the startup line in server.log says so.
 */
@ExtendWith({WildFlySuite.class, ArquillianExtension.class})
class ExecutorWildFlyIT {

    private static final String LIBRARY_EXECUTOR = "java:module/sideline/executor";
    private static final String STARTUP_LINE = "sideline: the worker's loops run on ManagedExecutorService " + LIBRARY_EXECUTOR;

    @Deployment
    static WebArchive deployment() {
        return TestWar.create("executor.war");
    }

    @Inject
    WorkerLifecycle lifecycle;

    @Test
    void theLibrarysDefinitionIsBoundInTheWarsModule() throws NamingException {
        Object bound = new InitialContext().lookup(LIBRARY_EXECUTOR);
        assertInstanceOf(ManagedExecutorService.class, bound, String.valueOf(bound));
    }

    @Test
    void theLoopsRunOnTheLibrarysExecutorAndTheStartupLineSaysSo() throws IOException {
        String inUse = lifecycle.executorInUse().orElseThrow();
        assertTrue(inUse.startsWith("ManagedExecutorService " + LIBRARY_EXECUTOR), inUse);

        Path serverLog = Path.of(System.getProperty("jboss.server.log.dir"), "server.log");
        assertTrue(Files.readString(serverLog).contains(STARTUP_LINE), "no '" + STARTUP_LINE + "' in " + serverLog);

        int concurrency = ConfigProvider.getConfig().getValue("sideline.concurrency", Integer.class);
        // every fetcher is running, none waits in the executor's queue: one thread each, inside FetchLoop
        List<String> fetcherThreads = Await.until("all " + concurrency + " fetchers to run", Duration.ofSeconds(30),
                ExecutorWildFlyIT::fetcherThreads, threads -> threads.size() >= concurrency);
        // and none is one of Undertow's request threads ("default task-N"): HTTP keeps its own
        assertTrue(fetcherThreads.stream().noneMatch(name -> name.startsWith("default task")), fetcherThreads.toString());
    }

    /** Names of the threads of this JVM that are inside a fetcher's loop now. */
    private static List<String> fetcherThreads() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().endsWith("worker.FetchLoop")))
                .map(e -> e.getKey().getName()).toList();
    }
}
