package io.sideline.ee.test;

import io.sideline.ee.Templates;
import io.sideline.ee.WorkflowTemplate;
import io.sideline.ee.cdi.TemplateRegistry;
import io.sideline.ee.model.Step;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;

import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * {@link Templates} in inline mode: the library's registry rules ({@link TemplateRegistry}: {@link #register},
 * {@link WorkflowTemplate} beans) and its input building (params over the configured defaults, bound and validated), then the run is
 * performed inline with the input seeded into its memory, as {@link InlineWorkflows} runs any workflow.
 */
@Alternative
@Priority(Interceptor.Priority.APPLICATION + 1000)
@ApplicationScoped
public class InlineTemplates implements Templates {

    @Inject
    InlineWorkflows workflows;
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

    /**
     * Builds the input and performs the template's workflow now, on this thread.
     *
     * @throws UnknownTemplateException                when no template has this name
     * @throws io.sideline.ee.InvalidInputException    listing every violation; nothing ran
     * @throws InlineJobFailedException                when a job failed
     */
    @Override
    public String run(String name, Map<String, Object> params) {
        TemplateRegistry.Template<?> template = templates.find(name);
        Object input = workflows.jobs().templateInput(name, template.inputType(), params);
        return workflows.run(template.buildFrom(input), workflows.jobs().memoryFieldsOf(input));
    }

    @Override
    public Set<String> names() {
        return templates.names();
    }
}
