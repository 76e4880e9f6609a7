package io.sideline.ee.cdi;

import io.sideline.ee.SidelineJob;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The job registry is built at deployment, and mistakes fail the deployment with a clear message. */
class SidelineExtensionTest {

    @SidelineJob
    @ApplicationScoped
    public static class Plain {
        public void perform() {
        }
    }

    @SidelineJob("custom-name")
    @ApplicationScoped
    public static class Named {
        public String perform(String a, int b) {
            return a + b;
        }
    }

    @SidelineJob("Plain")
    @ApplicationScoped
    public static class SameNameAsPlain {
        public void perform() {
        }
    }

    @SidelineJob
    @ApplicationScoped
    public static class NoPerform {
        public void run() {
        }
    }

    @SidelineJob
    @ApplicationScoped
    public static class TwoPerforms {
        public void perform() {
        }

        public void perform(String overload) {
        }
    }

    @SidelineJob("sideline.noop")
    @ApplicationScoped
    public static class Reserved {
        public void perform() {
        }
    }

    @SidelineJob(timeoutMs = -5)
    @ApplicationScoped
    public static class NegativeTimeout {
        public void perform() {
        }
    }

    @SidelineJob(timeoutMs = 250)
    @ApplicationScoped
    public static class WithTimeout {
        public void perform() {
        }
    }

    @SidelineJob(retry = -2)
    @ApplicationScoped
    public static class BadRetry {
        public void perform() {
        }
    }

    @SidelineJob(queue = "not a queue")
    @ApplicationScoped
    public static class BadQueue {
        public void perform() {
        }
    }

    private static WeldContainer boot(Class<?>... jobs) {
        return new Weld("ext-" + java.util.UUID.randomUUID()).disableDiscovery()
                .addExtension(new SidelineExtension()).addBeanClass(JobRegistry.class).addBeanClasses(jobs)
                .initialize();
    }

    private static String deploymentProblem(Class<?>... jobs) {
        RuntimeException e = assertThrows(RuntimeException.class, () -> boot(jobs).shutdown());
        return e.getMessage();
    }

    @Test
    void registersJobsUnderTheirSimpleClassNameOrTheirGivenName() {
        try (WeldContainer container = boot(Plain.class, Named.class)) {
            JobRegistry registry = container.select(JobRegistry.class).get();
            assertEquals(java.util.Set.of("Plain", "custom-name"), registry.names());
            assertEquals(Named.class, registry.get("custom-name").beanClass());
            assertEquals(2, registry.get("custom-name").perform().getParameterCount());
            assertTrue(registry.knows("sideline.noop"), "the built-in no-op is always known");
        }
    }

    @Test
    void aDuplicateNameFailsTheDeployment() {
        String problem = deploymentProblem(Plain.class, SameNameAsPlain.class);
        assertTrue(problem.contains("duplicate @SidelineJob name 'Plain'"), problem);
    }

    @Test
    void aJobWithoutPerformFailsTheDeployment() {
        String problem = deploymentProblem(NoPerform.class);
        assertTrue(problem.contains("NoPerform is annotated @SidelineJob but has no public perform(...) method"), problem);
    }

    @Test
    void aJobWithTwoPerformMethodsFailsTheDeployment() {
        String problem = deploymentProblem(TwoPerforms.class);
        assertTrue(problem.contains("2 public perform methods"), problem);
    }

    @Test
    void aJobsTimeoutIsItsOwnOrMinusOneForTheConfiguredDefault() {
        try (WeldContainer container = boot(Plain.class, WithTimeout.class)) {
            JobRegistry registry = container.select(JobRegistry.class).get();
            assertEquals(250, registry.get("WithTimeout").timeoutMs());
            assertEquals(-1, registry.get("Plain").timeoutMs());
        }
    }

    @Test
    void aNegativeTimeoutOtherThanMinusOneFailsTheDeployment() {
        String problem = deploymentProblem(NegativeTimeout.class);
        assertTrue(problem.contains("@SidelineJob(timeoutMs = -5) must be -1 (the default), 0 (none) or positive"),
                problem);
    }

    @Test
    void theNoOpJobNameIsReserved() {
        String problem = deploymentProblem(Reserved.class);
        assertTrue(problem.contains("reserved"), problem);
    }

    @Test
    void aRetryBelowMinusOneOrAQueueOutsideTheRuleFailsTheDeployment() {
        String retry = deploymentProblem(BadRetry.class);
        assertTrue(retry.contains("@SidelineJob(retry = -2) must be -1"), retry);
        String queue = deploymentProblem(BadQueue.class);
        assertTrue(queue.contains("@SidelineJob(queue = \"not a queue\") must match"), queue);
    }
}
