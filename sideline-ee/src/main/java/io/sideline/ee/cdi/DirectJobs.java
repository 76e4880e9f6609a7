package io.sideline.ee.cdi;

import io.sideline.ee.WorkflowMemory;
import io.sideline.ee.codec.ArgsJson;
import io.sideline.ee.codec.JsonData;
import io.sideline.ee.model.Job;
import io.sideline.ee.runtime.Outputs;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.validation.Validator;

import java.io.StringReader;
import java.lang.reflect.InvocationTargetException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Performs one registered job on the calling thread, outside any worker, exactly as a worker would bind and
 * call it: arguments bound by JSON-B after the registry's signature, a typed input hydrated from
 * {@code memory} then the job's own argument object (provided keys win) and validated, {@code perform} called
 * through the job's CDI bean, a typed output validated. It reads memory but writes nothing: the caller
 * decides what to do with the returned output. It also builds a template's input as {@code Templates.run} does. This is the seam of the test kit's inline mode
 * ({@code sideline-ee-test}); the worker keeps its own path through Redis.
 */
public final class DirectJobs implements AutoCloseable {

    private final ArgsJson args = new ArgsJson();
    private final CdiJobInvoker invoker;
    private final Validations validations;
    private final Outputs outputs = new Outputs(args);
    private final TemplateInputs templates;

    public DirectJobs(JobRegistry registry, BeanManager beans, WorkflowMemory memory, Validator validator) {
        this.validations = new Validations(validator);
        this.invoker = new CdiJobInvoker(registry, beans, args, DirectJobs::parseArray,
                new TypedInputs(memory, args, validations));
        this.templates = new TemplateInputs(args, validations);
    }

    /**
     * Performs {@code job} as a job of run {@code runId} (null: a job on its own, which reads no memory).
     *
     * @return the memory values its output writes (empty for void, a String, a list...)
     * @throws Exception whatever binding, validation or {@code perform} threw, unwrapped
     */
    public Map<String, Object> perform(String runId, Job job) throws Exception {
        Object returned;
        try {
            returned = invoker.invoke(job.name(), runId, args.toJsonArray(job.args()));
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
        if (returned != null && !(returned instanceof Map) && Outputs.isTyped(returned.getClass())) {
            validations.requireValid("the output of job " + job.name(), returned);
        }
        return memoryFieldsOf(returned);
    }

    /**
     * A template's input as {@code Templates.run} builds it: {@code params} over the configured defaults, bound and
     * validated.
     *
     * @throws io.sideline.ee.InvalidInputException listing every violation
     */
    public Object templateInput(String name, Class<?> inputType, Map<String, Object> params) {
        return templates.read(name, inputType, params);
    }

    /** The memory values a value writes (a job's output, or a template's input that seeds its run's memory). */
    public Map<String, Object> memoryFieldsOf(Object value) {
        Map<String, Object> written = new LinkedHashMap<>();
        outputs.fieldsOf(value).forEach((field, json) -> written.put(field, JsonData.parse(json)));
        return written;
    }

    private static JsonArray parseArray(String json) {
        try (var reader = Json.createReader(new StringReader(json))) {
            return reader.readArray();
        }
    }

    @Override
    public void close() throws Exception {
        args.close();
    }
}
