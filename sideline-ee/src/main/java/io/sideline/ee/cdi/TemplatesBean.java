package io.sideline.ee.cdi;

import io.sideline.ee.RunOptions;
import io.sideline.ee.RunStart;
import io.sideline.ee.Templates;
import io.sideline.ee.WorkflowTemplate;
import io.sideline.ee.codec.ArgsJson;
import io.sideline.ee.model.Step;
import io.sideline.ee.runtime.Outputs;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The engine's templates. Templates come from {@link #register} and from {@link WorkflowTemplate} beans
 * (found at deployment; duplicate names fail it: {@link TemplateRegistry}). Running one layers the caller's
 * params over the configured defaults ({@code sideline.templates.<name>.<property>}, from any MicroProfile Config source,
 * environment variables included), binds and validates the input, and starts the graph with the input
 * seeded into the run's memory, so typed jobs hydrate from it.
 */
@ApplicationScoped
public class TemplatesBean implements Templates {

    static final String CONFIG_PREFIX = "sideline.templates.";

    @Inject
    WorkflowsBean workflows;
    @Inject
    ArgsJson json;
    @Inject
    Validations validations;
    @Inject
    Outputs outputs;
    @Inject
    @Any
    Instance<WorkflowTemplate<?>> declared;

    private TemplateRegistry templates;

    @PostConstruct
    void discover() {
        templates = new TemplateRegistry(declared);
    }

    @Override
    public <I> void register(String name, Class<I> inputType, Function<I, Step> build) {
        templates.register(name, inputType, build);
    }

    @Override
    public String run(String name, Map<String, Object> params) {
        return start(name, params, RunOptions.NONE).runId();
    }

    @Override
    public RunStart start(String name, Map<String, Object> params, RunOptions options) {
        TemplateRegistry.Template<?> template = templates.find(name);
        Object input = new TemplateInputs(json, validations).read(name, template.inputType(), params);
        return workflows.run(template.buildFrom(input), outputs.fieldsOf(input), options);
    }

    @Override
    public Set<String> names() {
        return templates.names();
    }
}
