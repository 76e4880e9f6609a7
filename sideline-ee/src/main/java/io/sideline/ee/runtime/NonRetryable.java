package io.sideline.ee.runtime;

import io.sideline.ee.InvalidInputException;
import io.sideline.ee.JobArgumentsException;
import io.sideline.ee.MissingBarrierException;
import io.sideline.ee.MissingMemoryException;
import io.sideline.ee.UnknownJobException;
import io.sideline.ee.codec.MalformedPayloadException;

/** Failures that another attempt cannot fix: the job goes to the dead set at once. */
final class NonRetryable {

    private NonRetryable() {
    }

    static boolean is(Throwable failure) {
        return failure instanceof UnknownJobException
                || failure instanceof InvalidInputException
                || failure instanceof MissingMemoryException
                || failure instanceof JobArgumentsException
                || failure instanceof MissingBarrierException
                || failure instanceof MalformedPayloadException;
    }
}
