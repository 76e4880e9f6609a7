package io.sideline.ee.cdi;

import io.sideline.ee.Templates;
import io.sideline.ee.UnknownTemplateException;
import io.sideline.ee.WorkflowTemplate;
import io.sideline.ee.model.Step;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The template registry. Templates come from {@link #register} and from {@link WorkflowTemplate} beans
 * (found at deployment; duplicate names fail it). Running one layers the caller's params over the
 * configured defaults ({@code sideline.templates.<name>.<property>}, from any MicroProfile Config source,
 * environment variables included), binds and validates the input, and starts the graph with the input
 * seeded into the run's memory, so typed jobs hydrate from it.
 */
@ApplicationScoped
public class TemplatesBean implements Templates {

    static final String CONFIG_PREFIX = "sideline.templates.";

    @Inject
    WorkflowsBean workflows;
    @Inject
    SidelineRuntime runtime;
    @Inject
    @Any
    Instance<WorkflowTemplate<?>> declared;

    private final Map<String, Template<?>> templates = new ConcurrentHashMap<>();

    private record Template<I>(String name, Class<I> inputType, Function<I, Step> build) {

        Step buildFrom(Object input) {
            return build.apply(inputType.cast(input));
        }
    }

    @PostConstruct
    void discover() {
        for (WorkflowTemplate<?> template : declared) {
            add(template);
        }
    }

    private <I> void add(WorkflowTemplate<I> template) {
        register(template.name(), template.inputType(), template::build);
    }

    @Override
    public <I> void register(String name, Class<I> inputType, Function<I, Step> build) {
        if (templates.putIfAbsent(name, new Template<>(name, inputType, build)) != null) {
            throw new IllegalArgumentException("a template named '" + name + "' is already registered");
        }
    }

    @Override
    public String run(String name, Map<String, Object> params) {
        return start(name, params, io.sideline.ee.RunOptions.NONE).runId();
    }

    @Override
    public io.sideline.ee.RunStart start(String name, Map<String, Object> params, io.sideline.ee.RunOptions options) {
        Template<?> template = templates.get(name);
        if (template == null) {
            throw new UnknownTemplateException(name);
        }
        Object input = new TemplateInputs(runtime.json(), runtime.validations()).read(name, template.inputType(), params);
        return workflows.run(template.buildFrom(input), runtime.outputs().fieldsOf(input), options);
    }

    @Override
    public Set<String> names() {
        return Set.copyOf(templates.keySet());
    }
}
