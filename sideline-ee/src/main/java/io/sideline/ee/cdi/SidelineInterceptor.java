package io.sideline.ee.cdi;

import io.sideline.ee.SidelineJob;
import io.sideline.ee.runtime.JobScope;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

import java.util.Optional;

/**
 * The seed's server middleware, as a CDI interceptor around {@code @SidelineJob} beans. When the worker
 * is performing a job on this thread, the interceptor claims it, lets {@code perform} run, and hands what it
 * returned to the worker, which then completes the job (validates and persists the output, counts and releases
 * barriers, launches continuations). A failing {@code perform} is left to the worker (retry or dead set).
 * Outside a worker (a direct call) it does nothing.
 *
 * <p>Transactions: the job completes only after the job's JTA transaction committed. The interceptor's
 * priority ({@code PLATFORM_BEFORE + 100}) puts it outside {@code @Transactional}'s interceptor
 * ({@code PLATFORM_BEFORE + 200}), so a {@code @Transactional} {@code perform} has committed, or thrown, when
 * {@code proceed()} returns. A transaction that is still active at that point (a container-managed one, such
 * as an EJB's, which wraps every interceptor) is awaited: the result is registered with the
 * {@code TransactionSynchronizationRegistry}, and only a commit lets the worker complete the job; a rollback
 * or a failed commit fails it ({@link io.sideline.ee.TransactionNotCommittedException}).
 */
@SidelineJob
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 100)
public class SidelineInterceptor {

    @Inject
    Transactions transactions;

    @AroundInvoke
    Object complete(InvocationContext invocation) throws Exception {
        Optional<JobScope> scope = JobScope.current();
        if (scope.isEmpty() || !invocation.getMethod().getName().equals("perform") || !scope.get().claim()) {
            return invocation.proceed();
        }
        Object result = invocation.proceed();
        scope.get().performed(result);
        if (transactions.active()) {
            scope.get().awaitCommit();
            transactions.afterCompletion(new CommitListener(scope.get()));
        }
        return result;
    }
}
