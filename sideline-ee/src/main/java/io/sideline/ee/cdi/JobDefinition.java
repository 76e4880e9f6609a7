package io.sideline.ee.cdi;

import io.sideline.ee.SidelineJob;
import io.sideline.ee.runtime.Outputs;
import jakarta.enterprise.inject.spi.Bean;

import java.lang.reflect.Method;

/**
 * A registered job: its name, its CDI bean and its one {@code perform} method. A typed job's
 * {@code perform} takes one record or application class (its input, hydrated from the run's memory and
 * its argument object); {@link #inputType()} is null for a plain job, whose arguments bind positionally.
 */
public record JobDefinition(String name, Class<?> beanClass, Bean<?> bean, Method perform) {

    public Class<?> inputType() {
        Class<?>[] parameters = perform.getParameterTypes();
        return parameters.length == 1 && Outputs.isTyped(parameters[0]) ? parameters[0] : null;
    }

    public boolean typed() {
        return inputType() != null;
    }

    /** The job's {@code @SidelineJob(timeoutMs)}: -1 for the configured default, 0 for none. */
    public long timeoutMs() {
        SidelineJob job = beanClass.getAnnotation(SidelineJob.class);
        return job == null ? -1 : job.timeoutMs();
    }

    /** The job's {@code @SidelineJob(queue)}, or null when it names none. */
    public String queue() {
        SidelineJob job = beanClass.getAnnotation(SidelineJob.class);
        return job == null || job.queue().isEmpty() ? null : job.queue();
    }

    /** The job's {@code @SidelineJob(retry)}: -1 for {@code sideline.retry.max}, 0 for straight to the dead set. */
    public int retry() {
        SidelineJob job = beanClass.getAnnotation(SidelineJob.class);
        return job == null ? -1 : job.retry();
    }
}
