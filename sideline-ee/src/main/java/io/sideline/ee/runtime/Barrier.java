package io.sideline.ee.runtime;

import java.util.List;
import java.util.Map;

/**
 * The barrier strategy (port): completes a job that performed successfully by counting it into the
 * barriers of its completion-callback stack, top first, launching the continuation of every barrier it
 * releases and stopping at the first barrier not yet released.
 *
 * <p>Implementations differ in what they promise when a process crashes or a job is delivered twice;
 * each states it in its Javadoc.
 */
public interface Barrier {

    /**
     * @param job    the finished job
     * @param levels its callbacks, top of the stack first, with the pre-planned continuations
     * @param output the memory fields the job wrote (field name to JSON text); empty for none
     */
    Completion complete(FetchedJob job, List<CallbackLevel> levels, Map<String, String> output);
}
