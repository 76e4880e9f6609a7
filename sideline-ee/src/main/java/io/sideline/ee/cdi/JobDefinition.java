package io.sideline.ee.cdi;

import io.sideline.ee.SidelineJob;
import io.sideline.ee.runtime.Outputs;
import jakarta.enterprise.inject.spi.Bean;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.Objects;

/**
 * A registered job: its name, its CDI bean and its one {@code perform} method. A typed job's
 * {@code perform} takes one record or application class (its input, hydrated from the run's memory and
 * its argument object); {@link #inputType()} is null for a plain job, whose arguments bind positionally.
 *
 * <p>What is derived from the method and the annotation (parameter types, the input type, timeout, queue, retry)
 * is read once here: every job call asks for it, and reflection hands out a copy of the parameter types per call.
 */
public final class JobDefinition {

    private final String name;
    private final Class<?> beanClass;
    private final Bean<?> bean;
    private final Method perform;
    private final Class<?>[] parameterTypes;
    private final Type[] genericParameterTypes;
    private final Class<?> inputType;
    private final long timeoutMs;
    private final String queue;
    private final int retry;

    public JobDefinition(String name, Class<?> beanClass, Bean<?> bean, Method perform) {
        this.name = name;
        this.beanClass = beanClass;
        this.bean = bean;
        this.perform = perform;
        this.parameterTypes = perform.getParameterTypes();
        this.genericParameterTypes = perform.getGenericParameterTypes();
        this.inputType = parameterTypes.length == 1 && Outputs.isTyped(parameterTypes[0]) ? parameterTypes[0] : null;
        SidelineJob job = beanClass.getAnnotation(SidelineJob.class);
        this.timeoutMs = job == null ? -1 : job.timeoutMs();
        this.queue = job == null || job.queue().isEmpty() ? null : job.queue();
        this.retry = job == null ? -1 : job.retry();
    }

    public String name() {
        return name;
    }

    public Class<?> beanClass() {
        return beanClass;
    }

    public Bean<?> bean() {
        return bean;
    }

    public Method perform() {
        return perform;
    }

    /** {@code perform}'s parameter classes, shared: callers must not change the array. */
    Class<?>[] parameterTypes() {
        return parameterTypes;
    }

    /** {@code perform}'s generic parameter types, shared: callers must not change the array. */
    Type[] genericParameterTypes() {
        return genericParameterTypes;
    }

    public Class<?> inputType() {
        return inputType;
    }

    public boolean typed() {
        return inputType != null;
    }

    /** The job's {@code @SidelineJob(timeoutMs)}: -1 for the configured default, 0 for none. */
    public long timeoutMs() {
        return timeoutMs;
    }

    /** The job's {@code @SidelineJob(queue)}, or null when it names none. */
    public String queue() {
        return queue;
    }

    /** The job's {@code @SidelineJob(retry)}: -1 for {@code sideline.retry.max}, 0 for straight to the dead set. */
    public int retry() {
        return retry;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JobDefinition that && Objects.equals(name, that.name)
                && Objects.equals(beanClass, that.beanClass) && Objects.equals(bean, that.bean)
                && Objects.equals(perform, that.perform);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, beanClass, bean, perform);
    }

    @Override
    public String toString() {
        return "JobDefinition[name=" + name + ", beanClass=" + beanClass + ", bean=" + bean + ", perform=" + perform + "]";
    }
}
