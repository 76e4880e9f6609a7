package io.sideline.ee.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A single job: the registered job name, its arguments and, optionally, the queue it runs on.
 *
 * <p>Arguments are plain data (strings, numbers, booleans, lists, maps, null, or objects that the
 * payload codec can serialise); they are bound to the job's {@code perform} parameters when it runs.
 *
 * @param name  the job name, as registered by {@code @SidelineJob}
 * @param args  the arguments, never null (an empty list when there are none)
 * @param queue the queue name, or null for the configured default queue
 */
public record Job(String name, List<Object> args, String queue) implements Step {

    public Job {
        Objects.requireNonNull(name, "job name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("job name must not be blank");
        }
        args = args == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(args));
        if (queue != null && queue.isBlank()) {
            throw new IllegalArgumentException("queue name must not be blank (use null for the default queue)");
        }
    }

    /** A job with no arguments on the default queue. */
    public static Job named(String name, Object... args) {
        return new Job(name, Arrays.asList(args), null);
    }

    /** The same job on another queue. */
    public Job onQueue(String queueName) {
        return new Job(name, args, queueName);
    }

    @Override
    public int jobCount() {
        return 1;
    }
}
