package io.sideline.ee.cdi;

import io.sideline.ee.JobArgumentsException;
import io.sideline.ee.UnknownJobException;
import io.sideline.ee.codec.ArgsJson;
import io.sideline.ee.runtime.FetchedJob;
import io.sideline.ee.runtime.JobInvoker;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.spi.CreationalContext;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.lang.reflect.Type;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Performs a job through its CDI bean, so the bean's interceptors (ours included) apply. The bean and the
 * parameter types come from the registry; the payload only supplies a name to look up and JSON values.
 * A {@code @Dependent} job instance is destroyed after each call.
 */
final class CdiJobInvoker implements JobInvoker {

    private final JobTable registry;
    private final BeanManager beans;
    private final ArgsJson args;
    private final Function<String, JsonArray> parseArgs;
    private final TypedInputs typedInputs;
    private final Map<String, Object> proxies = new ConcurrentHashMap<>();

    CdiJobInvoker(JobRegistry registry, BeanManager beans, ArgsJson args,
                  Function<String, JsonArray> parseArgs, TypedInputs typedInputs) {
        this.registry = registry.table(); // looked up per job: not through the bean's client proxy
        this.beans = beans;
        this.args = args;
        this.parseArgs = parseArgs;
        this.typedInputs = typedInputs;
    }

    @Override
    public Object invoke(FetchedJob job) throws Exception {
        return invoke(job.payload().jobName(), job.payload().runId(), job.payload().argsJson());
    }

    /** Binds {@code argsJson} (a typed job's input: the run's memory, then the arguments) and calls perform. */
    Object invoke(String jobName, String runId, String argsJson) throws Exception {
        JobDefinition definition = registry.get(jobName);
        JsonArray values = parseArgs.apply(argsJson);
        Object[] parameters = definition.typed()
                ? new Object[]{typedInputs.hydrate(definition, runId, values)}
                : bind(definition, values);
        if (definition.bean().getScope() != Dependent.class) {
            // A normal-scoped bean's reference is a client proxy: one per job name serves every call (looked up
            // before computeIfAbsent, whose lambda would be one more object per call).
            Object proxy = proxies.get(definition.name());
            if (proxy == null) {
                proxy = proxies.computeIfAbsent(definition.name(), name -> beans.getReference(definition.bean(),
                        definition.beanClass(), beans.createCreationalContext(definition.bean())));
            }
            return definition.perform().invoke(proxy, parameters);
        }
        CreationalContext<?> context = beans.createCreationalContext(definition.bean());
        Object instance = beans.getReference(definition.bean(), definition.beanClass(), context);
        try {
            return definition.perform().invoke(instance, parameters);
        } finally {
            context.release();
        }
    }

    @Override
    public long timeoutMs(String jobName) {
        try {
            return registry.get(jobName).timeoutMs();
        } catch (UnknownJobException e) {
            return -1; // an unknown name fails in invoke, with the reason; here it only has no limit of its own
        }
    }

    @Override
    public int maxRetries(String jobName) {
        try {
            return registry.get(jobName).retry();
        } catch (UnknownJobException e) {
            return -1; // an unknown name cannot run: the configured default decides how often it is tried
        }
    }

    private Object[] bind(JobDefinition definition, JsonArray values) {
        Type[] types = definition.genericParameterTypes(); // read once per job, not copied per call
        if (values.size() > types.length) {
            throw new JobArgumentsException("job " + definition.name() + " takes " + types.length
                    + " argument(s) but got " + values.size(), null);
        }
        Class<?>[] raws = definition.parameterTypes();
        Object[] bound = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            Class<?> raw = raws[i];
            if (i >= values.size() || values.get(i) == JsonValue.NULL) {
                if (raw.isPrimitive()) {
                    throw new JobArgumentsException("job " + definition.name() + ": argument " + (i + 1)
                            + " (" + raw.getName() + ") is missing", null);
                }
                continue; // a missing trailing argument binds to null: an optional parameter
            }
            if (raw == String.class && values.get(i) instanceof JsonString text) {
                bound[i] = text.getString(); // what JSON-B binds a JSON string to, without writing and parsing it again
                continue;
            }
            try {
                bound[i] = args.bind(values.get(i).toString(), types[i]);
            } catch (RuntimeException e) {
                throw new JobArgumentsException("job " + definition.name() + ": argument " + (i + 1) + " "
                        + values.get(i) + " cannot be bound to " + types[i].getTypeName() + ": " + e.getMessage(), e);
            }
        }
        return bound;
    }
}
