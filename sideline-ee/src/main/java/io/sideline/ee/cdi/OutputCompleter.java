package io.sideline.ee.cdi;

import io.sideline.ee.runtime.Completion;
import io.sideline.ee.runtime.FetchedJob;
import io.sideline.ee.runtime.JobCompleter;
import io.sideline.ee.runtime.Outputs;
import io.sideline.ee.worker.RedisRetry;

import java.util.Map;

/**
 * Completes the current job with what its {@code perform} returned: a typed output is validated, then the output is
 * persisted with the completion, repeated while Redis is unreachable. The worker's only way to complete a job.
 */
final class OutputCompleter {

    private final JobCompleter completer;
    private final Validations validations;
    private final Outputs outputs;
    private final RedisRetry bookkeeping;

    OutputCompleter(JobCompleter completer, Validations validations, Outputs outputs, RedisRetry bookkeeping) {
        this.completer = completer;
        this.validations = validations;
        this.outputs = outputs;
        this.bookkeeping = bookkeeping;
    }

    Completion complete(FetchedJob job, Object returned) {
        if (returned != null && !(returned instanceof Map) && Outputs.isTyped(returned.getClass())) {
            validations.requireValid("the output of job " + job.payload().jobName(), returned);
        }
        Map<String, String> output = outputs.fieldsOf(returned);
        return bookkeeping.get("complete job", job.payload().jid(), () -> completer.complete(job, output));
    }
}
