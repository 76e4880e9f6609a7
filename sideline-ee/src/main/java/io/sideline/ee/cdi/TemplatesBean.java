package io.sideline.ee.cdi;

import io.sideline.ee.InvalidInputException;
import io.sideline.ee.Templates;
import io.sideline.ee.UnknownTemplateException;
import io.sideline.ee.Violation;
import io.sideline.ee.WorkflowTemplate;
import io.sideline.ee.model.Step;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import org.eclipse.microprofile.config.ConfigProvider;

import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.List;
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
        Template<?> template = templates.get(name);
        if (template == null) {
            throw new UnknownTemplateException(name);
        }
        JsonObjectBuilder merged = Json.createObjectBuilder(defaults(name, template.inputType()));
        JsonObject given = io.sideline.ee.codec.JsonData.parseObject(runtime.json().toJson(params));
        given.forEach(merged::add);
        Object input;
        try {
            input = runtime.json().bind(merged.build().toString(), template.inputType());
        } catch (RuntimeException e) {
            throw new InvalidInputException("the input of template " + name,
                    List.of(new Violation("", "cannot be read as " + template.inputType().getSimpleName() + ": "
                            + e.getMessage())));
        }
        runtime.validations().requireValid("the input of template " + name, input);
        return workflows.run(template.buildFrom(input), runtime.outputs().fieldsOf(input));
    }

    @Override
    public Set<String> names() {
        return Set.copyOf(templates.keySet());
    }

    /** The configured defaults of a template's input properties, typed after the properties. */
    private static JsonObject defaults(String name, Class<?> inputType) {
        var config = ConfigProvider.getConfig();
        JsonObjectBuilder defaults = Json.createObjectBuilder();
        for (Map.Entry<String, Type> property : PropertyNames.of(inputType).entrySet()) {
            config.getOptionalValue(CONFIG_PREFIX + name + "." + property.getKey(), String.class)
                    .ifPresent(value -> addTyped(defaults, property.getKey(), property.getValue(), value));
        }
        return defaults.build();
    }

    private static void addTyped(JsonObjectBuilder out, String key, Type type, String value) {
        if (type instanceof Class<?> c && (Number.class.isAssignableFrom(c) || (c.isPrimitive() && c != boolean.class
                && c != char.class))) {
            out.add(key, new BigDecimal(value.trim()));
        } else if (type == Boolean.class || type == boolean.class) {
            out.add(key, Boolean.parseBoolean(value.trim()));
        } else {
            out.add(key, value);
        }
    }
}
