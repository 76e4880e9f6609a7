package io.sideline.ee.engine;

import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InterceptorBinding;
import jakarta.interceptor.InvocationContext;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Stands where {@code @Transactional}'s interceptor stands ({@code PLATFORM_BEFORE + 200}) and does what it does
 * when a commit fails: {@code perform} returned, then the call throws. Weld SE has no JTA; this checks only the
 * interceptor order (the real transactions are proven on Open Liberty, {@code TransactionalJobsIT}).
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface FailedCommit {

    /** The interceptor: fails every call after it returned. */
    @FailedCommit
    @Interceptor
    @Priority(Interceptor.Priority.PLATFORM_BEFORE + 200)
    class Failing {

        @AroundInvoke
        Object commit(InvocationContext invocation) throws Exception {
            Object result = invocation.proceed();
            throw new IllegalStateException("commit failed (test): " + invocation.getMethod().getName() + " rolled back");
        }
    }

    /** A job whose every "commit" fails. */
    @io.sideline.ee.SidelineJob("FailedCommitJob")
    @FailedCommit
    @jakarta.enterprise.context.ApplicationScoped
    class Job {

        @jakarta.inject.Inject
        Rec rec;

        public void perform(String label) throws InterruptedException {
            rec.perform(label, 0L);
        }
    }
}
