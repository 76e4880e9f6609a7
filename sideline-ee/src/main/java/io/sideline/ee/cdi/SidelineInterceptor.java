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
 * <p>Transactions: the job completes only after the JTA transaction in which {@code perform} returned, if
 * any, committed. When a transaction is active as {@code perform} returns, the interceptor registers with the
 * {@code TransactionSynchronizationRegistry} to learn its outcome, and the worker completes the job only after a
 * commit; a rollback or a failed commit fails it ({@link io.sideline.ee.TransactionNotCommittedException}, or
 * the exception the commit threw). The interceptor therefore runs <em>inside</em> {@code @Transactional}'s
 * interceptor ({@code PLATFORM_BEFORE + 200}), at {@code LIBRARY_BEFORE}, where it sees that transaction: a
 * transaction marked rollback-only, which {@code @Transactional} rolls back without throwing, fails the job
 * too. A container-managed transaction (an EJB's) wraps every interceptor and is seen the same way.
 */
@SidelineJob
@Interceptor
@Priority(Interceptor.Priority.LIBRARY_BEFORE)
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
