package io.sideline.benchmark.jobs;

import io.sideline.benchmark.scenario.Probe;
import io.sideline.benchmark.scenario.Tally;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * Wraps the library's own interceptor (a lower priority runs first, i.e. outside it), so when {@code proceed()}
 * returns the job has been completed: its completion script has run and its successor is enqueued. That instant
 * is the start of the step latency ("from a predecessor's completion to its successor's start").
 */
@StampCompletion
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE)
public class CompletionStamp {

    @Inject
    Tally tally;

    @AroundInvoke
    Object stamp(InvocationContext invocation) throws Exception {
        Object result = invocation.proceed();
        Object[] args = invocation.getParameters();
        Probe probe = tally.peek((Integer) args[0]);
        if (probe != null) {
            probe.stampCompleted((Integer) args[1]);
        }
        return result;
    }
}
