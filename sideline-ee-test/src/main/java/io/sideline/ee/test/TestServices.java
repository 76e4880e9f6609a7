package io.sideline.ee.test;

import io.sideline.ee.cdi.SidelineExecutor;
import io.sideline.ee.config.SidelineConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.util.AnnotationLiteral;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a server provides and Weld SE does not, as beans of one container: the typed configuration (instead of
 * MicroProfile Config) and the threads of the worker's loops (instead of the managed thread factory), shut down
 * with the container.
 */
final class TestServices implements Extension {

    private final SidelineConfig config;

    TestServices(SidelineConfig config) {
        this.config = config;
    }

    private static final class Executor extends AnnotationLiteral<SidelineExecutor> implements SidelineExecutor {
    }

    void addBeans(@Observes AfterBeanDiscovery event) {
        event.addBean().types(SidelineConfig.class, Object.class).scope(Dependent.class)
                .beanClass(TestServices.class).createWith(c -> config);
        event.addBean().types(ExecutorService.class, Object.class).qualifiers(new Executor())
                .scope(ApplicationScoped.class).beanClass(TestServices.class)
                .createWith(c -> Executors.newCachedThreadPool(threads()))
                .destroyWith((executor, c) -> ((ExecutorService) executor).shutdownNow());
    }

    private static ThreadFactory threads() {
        AtomicInteger count = new AtomicInteger();
        return work -> {
            Thread thread = new Thread(work, "sideline-test-worker-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
