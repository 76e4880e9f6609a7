package io.sideline.ee.cdi;

import io.sideline.ee.InvalidInputException;
import io.sideline.ee.Violation;
import io.sideline.ee.codec.ArgsJson;
import io.sideline.ee.codec.JsonData;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import org.eclipse.microprofile.config.ConfigProvider;

import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Builds a template's input: the caller's params over the configured defaults
 * ({@code sideline.templates.<name>.<property>}, from any MicroProfile Config source), bound by JSON-B and
 * validated. Shared by {@link TemplatesBean} and the test kit's inline mode (through {@link DirectJobs}).
 */
final class TemplateInputs {

    private final ArgsJson json;
    private final Validations validations;

    TemplateInputs(ArgsJson json, Validations validations) {
        this.json = json;
        this.validations = validations;
    }

    /** @throws InvalidInputException listing every violation, or saying why the params cannot be bound */
    Object read(String name, Class<?> inputType, Map<String, Object> params) {
        JsonObjectBuilder merged = Json.createObjectBuilder(defaults(name, inputType));
        JsonObject given = JsonData.parseObject(json.toJson(params));
        given.forEach(merged::add);
        Object input;
        try {
            input = json.bind(merged.build().toString(), inputType);
        } catch (RuntimeException e) {
            throw new InvalidInputException("the input of template " + name,
                    List.of(new Violation("", "cannot be read as " + inputType.getSimpleName() + ": "
                            + e.getMessage())));
        }
        validations.requireValid("the input of template " + name, input);
        return input;
    }

    /** The configured defaults of a template's input properties, typed after the properties. */
    private static JsonObject defaults(String name, Class<?> inputType) {
        var config = ConfigProvider.getConfig();
        JsonObjectBuilder defaults = Json.createObjectBuilder();
        for (Map.Entry<String, Type> property : PropertyNames.of(inputType).entrySet()) {
            config.getOptionalValue(TemplatesBean.CONFIG_PREFIX + name + "." + property.getKey(), String.class)
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
