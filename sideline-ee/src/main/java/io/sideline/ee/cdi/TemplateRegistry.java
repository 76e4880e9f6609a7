package io.sideline.ee.cdi;

import io.sideline.ee.UnknownTemplateException;
import io.sideline.ee.WorkflowTemplate;
import io.sideline.ee.model.Step;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The registry rules every {@link io.sideline.ee.Templates} shares, the engine's and the test kit's inline one:
 * templates come from {@link WorkflowTemplate} beans and from {@link #register}, one per name (a second one with the
 * same name is refused), and are found by name or refused with {@link UnknownTemplateException}.
 */
public final class TemplateRegistry {

    /** One registered template: the type its input binds to, and how it builds its workflow from that input. */
    public record Template<I>(Class<I> inputType, Function<I, Step> build) {

        /** The workflow for an input already bound to {@link #inputType}. */
        public Step buildFrom(Object input) {
            return build.apply(inputType.cast(input));
        }
    }

    private final Map<String, Template<?>> templates = new ConcurrentHashMap<>();

    /** A registry holding the declared templates; a name declared twice fails here, at deployment. */
    public TemplateRegistry(Iterable<? extends WorkflowTemplate<?>> declared) {
        for (WorkflowTemplate<?> template : declared) {
            add(template);
        }
    }

    private <I> void add(WorkflowTemplate<I> template) {
        register(template.name(), template.inputType(), template::build);
    }

    /** Adds a template; refuses a name that is already registered. */
    public <I> void register(String name, Class<I> inputType, Function<I, Step> build) {
        if (templates.putIfAbsent(name, new Template<>(inputType, build)) != null) {
            throw new IllegalArgumentException("a template named '" + name + "' is already registered");
        }
    }

    /** The template of this name; {@link UnknownTemplateException} when there is none. */
    public Template<?> find(String name) {
        Template<?> template = templates.get(name);
        if (template == null) {
            throw new UnknownTemplateException(name);
        }
        return template;
    }

    /** The registered names. */
    public Set<String> names() {
        return Set.copyOf(templates.keySet());
    }
}
