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
 * is performing a job on this thread, the interceptor claims it, lets {@code perform} run, and on
 * success completes the job: its output is validated and persisted to the run's memory, its barriers are
 * counted and released and continuations launched. A failing
 * {@code perform} is left to the worker (retry or dead set). Outside a worker (a direct call) it does
 * nothing. It runs before other library and application interceptors, so it completes the job only once
 * everything around {@code perform} (a transaction, say) has succeeded.
 */
@SidelineJob
@Interceptor
@Priority(Interceptor.Priority.LIBRARY_BEFORE)
public class SidelineInterceptor {

    @Inject
    SidelineRuntime runtime;

    @AroundInvoke
    Object complete(InvocationContext invocation) throws Exception {
        Optional<JobScope> scope = JobScope.current();
        if (scope.isEmpty() || !invocation.getMethod().getName().equals("perform") || !scope.get().claim()) {
            return invocation.proceed();
        }
        Object result = invocation.proceed();
        scope.get().completed(runtime.complete(scope.get().job(), result));
        return result;
    }
}
