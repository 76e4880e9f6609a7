package io.sideline.ee.cdi;

import java.util.List;

/**
 * The library's own CDI beans, for containers booted without bean discovery (Weld SE in tests, the test kit):
 * one list, so that a bean added to the library cannot be forgotten by one bootstrap and found by another. In an
 * application server they are discovered from the jar's {@code beans.xml} and this list is not used.
 */
public final class SidelineBeans {

    /** Every bean class of the library (the extension is added separately, as an extension). */
    public static final List<Class<?>> ALL = List.of(SidelineRuntime.class, JobRegistry.class, WorkerLifecycle.class,
            WorkflowsBean.class, CurrentJobContext.class, SidelineInterceptor.class, Transactions.class,
            TemplatesBean.class, RunControlBean.class, SidelineAdminBean.class, RunEndDelivery.class);

    private SidelineBeans() {
    }
}
