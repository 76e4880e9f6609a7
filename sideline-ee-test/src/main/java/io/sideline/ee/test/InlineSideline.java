package io.sideline.ee.test;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;

/**
 * Switches a CDI container to inline mode: adds {@link InlineWorkflows}, {@link InlineTemplates} and
 * {@link InlineJobContext} (alternatives with a priority, so they win over the library's beans wherever
 * {@code Workflows}, {@code Templates} or {@code JobContext} is injected) and vetoes the library's worker, so
 * nothing connects to Redis. Add it to the container of a test
 * ({@code new Weld().addExtension(new InlineSideline())}, or {@link SidelineWeld#inline()}); it is deliberately
 * not registered as a service, so having the kit on the class path changes nothing by itself.
 */
public class InlineSideline implements Extension {

    /** The library's bean that starts a worker with the application. */
    static final String WORKER_LIFECYCLE = "io.sideline.ee.cdi.WorkerLifecycle";

    void addInlineBeans(@Observes BeforeBeanDiscovery event) {
        event.addAnnotatedType(InlineWorkflows.class, InlineWorkflows.class.getName());
        event.addAnnotatedType(InlineJobContext.class, InlineJobContext.class.getName());
        event.addAnnotatedType(InlineTemplates.class, InlineTemplates.class.getName());
    }

    <T> void vetoTheWorker(@Observes ProcessAnnotatedType<T> event) {
        if (event.getAnnotatedType().getJavaClass().getName().equals(WORKER_LIFECYCLE)) {
            event.veto();
        }
    }
}
