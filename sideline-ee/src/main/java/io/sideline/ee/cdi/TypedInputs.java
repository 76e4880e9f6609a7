package io.sideline.ee.cdi;

import io.sideline.ee.InvalidInputException;
import io.sideline.ee.JobArgumentsException;
import io.sideline.ee.MissingMemoryException;
import io.sideline.ee.Violation;
import io.sideline.ee.WorkflowMemory;
import io.sideline.ee.codec.ArgsJson;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Hydrates a typed job's input exactly as the seed defines it: start with the run's memory values for the
 * keys the input type declares, merge in the job's own argument object (provided keys win), then
 * construct (JSON-B) and validate (Bean Validation). A typed job can therefore be enqueued with no
 * arguments when memory holds everything.
 */
final class TypedInputs {

    private final WorkflowMemory memory;
    private final ArgsJson json;
    private final Validations validations;

    TypedInputs(WorkflowMemory memory, ArgsJson json, Validations validations) {
        this.memory = memory;
        this.json = json;
        this.validations = validations;
    }

    Object hydrate(JobDefinition job, String runId, JsonArray args) {
        JsonObject given = argumentObject(job, args);
        Set<String> wanted = new LinkedHashSet<>(PropertyNames.of(job.inputType()).keySet());
        wanted.removeAll(given.keySet());
        JsonObjectBuilder merged = Json.createObjectBuilder();
        if (!wanted.isEmpty() && runId != null) {
            memory.read(runId, wanted).forEach((key, value) -> merged.add(key, toJsonValue(value)));
        }
        given.forEach(merged::add);
        Object input;
        try {
            input = json.bind(merged.build().toString(), job.inputType());
        } catch (RuntimeException e) {
            throw new JobArgumentsException("job " + job.name() + ": the input " + merged.build()
                    + " cannot be bound to " + job.inputType().getName() + ": " + e.getMessage(), e);
        }
        List<Violation> violations = validations.violations(input);
        if (!violations.isEmpty()) {
            // blame the missing memory only for properties that were to come from it
            boolean fromMemory = violations.stream().anyMatch(v -> wanted.contains(v.property()));
            if (fromMemory && runId != null && !memory.exists(runId)) {
                throw new MissingMemoryException(runId, wanted);
            }
            throw new InvalidInputException("the input of job " + job.name(), violations);
        }
        return input;
    }

    private static JsonObject argumentObject(JobDefinition job, JsonArray args) {
        if (args.isEmpty() || (args.size() == 1 && args.get(0) == JsonValue.NULL)) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        if (args.size() > 1 || args.get(0).getValueType() != JsonValue.ValueType.OBJECT) {
            throw new JobArgumentsException("typed job " + job.name() + " takes one JSON object argument (or none), got "
                    + args, null);
        }
        return args.get(0).asJsonObject();
    }

    private JsonValue toJsonValue(Object value) {
        try (var reader = Json.createReader(new StringReader(json.toJson(value)))) {
            return reader.readValue();
        }
    }
}
