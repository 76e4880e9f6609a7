package io.sideline.ee.codec;

import io.sideline.ee.InvalidWorkflowException;
import io.sideline.ee.model.Step;
import io.sideline.ee.model.Workflow;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;

import java.io.StringReader;
import java.util.Set;

/**
 * The JSON form of a workflow with callbacks, around the step form of {@link WorkflowJson}:
 * {@code {"workflow": <step>, "on_success": <step>, "on_failure": <step>, "on_complete": <step>}}, each callback
 * optional. A plain step is a workflow without callbacks, and stays valid wherever a workflow is read. The callbacks
 * alone ({@code {"on_success": ...}}, without {@code workflow}) are what a run stores to start them when it ends.
 * (The failure policy's JSON name is {@code on_failure_policy}: no clash with {@code on_failure}.)
 */
public final class WorkflowWrapper {

    static final String WORKFLOW = "workflow";
    static final String ON_SUCCESS = "on_success";
    static final String ON_FAILURE = "on_failure";
    static final String ON_COMPLETE = "on_complete";
    private static final Set<String> KEYS = Set.of(WORKFLOW, ON_SUCCESS, ON_FAILURE, ON_COMPLETE);

    private final WorkflowJson steps;

    public WorkflowWrapper(WorkflowJson steps) {
        this.steps = steps;
    }

    /**
     * The workflow {@code json} holds: the wrapper form, or a plain step.
     *
     * @throws InvalidWorkflowException naming the path of the first problem (e.g. {@code $.on_failure.job})
     */
    public Workflow parse(String json) {
        if (!wrapped(json)) {
            return new Workflow(steps.parse(json));
        }
        JsonObject object = object(json);
        if (!object.containsKey(WORKFLOW)) {
            throw new InvalidWorkflowException("$", "a workflow with callbacks needs \"workflow\": the step to run");
        }
        return new Workflow(step(object, WORKFLOW), step(object, ON_SUCCESS), step(object, ON_FAILURE),
                step(object, ON_COMPLETE));
    }

    /** The JSON form of {@code workflow}: a plain step when it has no callbacks, the wrapper otherwise. */
    public String format(Workflow workflow) {
        if (!workflow.hasCallbacks()) {
            return steps.format(workflow.root());
        }
        JsonObjectBuilder out = Json.createObjectBuilder().add(WORKFLOW, steps.toJsonValue(workflow.root()));
        return callbacks(out, workflow).build().toString();
    }

    /** The callbacks of {@code workflow} alone, as a run stores them; null when it has none. */
    public String callbacksJson(Workflow workflow) {
        return workflow.hasCallbacks() ? callbacks(Json.createObjectBuilder(), workflow).build().toString() : null;
    }

    /** The callbacks a run stored ({@link #callbacksJson}), on a placeholder root: only the callbacks are meant. */
    public Workflow callbacksOf(String json, Step placeholderRoot) {
        JsonObject object = object(json);
        return new Workflow(placeholderRoot, step(object, ON_SUCCESS), step(object, ON_FAILURE), step(object, ON_COMPLETE));
    }

    private JsonObjectBuilder callbacks(JsonObjectBuilder out, Workflow workflow) {
        if (workflow.onSuccess() != null) {
            out.add(ON_SUCCESS, steps.toJsonValue(workflow.onSuccess()));
        }
        if (workflow.onFailure() != null) {
            out.add(ON_FAILURE, steps.toJsonValue(workflow.onFailure()));
        }
        if (workflow.onComplete() != null) {
            out.add(ON_COMPLETE, steps.toJsonValue(workflow.onComplete()));
        }
        return out;
    }

    /** Whether the first key of the top-level object is one of the wrapper's (a step's first key never is). */
    private static boolean wrapped(String json) {
        try (JsonParser parser = Json.createParser(new StringReader(json))) {
            return parser.hasNext() && parser.next() == JsonParser.Event.START_OBJECT && parser.hasNext()
                    && parser.next() == JsonParser.Event.KEY_NAME && KEYS.contains(parser.getString());
        } catch (JsonException e) {
            return false; // not JSON: the step parser reports it with its path
        }
    }

    private static JsonObject object(String json) {
        JsonObject object;
        try (var reader = Json.createReader(new StringReader(json))) {
            object = reader.readObject();
        } catch (JsonParsingException e) {
            throw new InvalidWorkflowException("$", "not JSON: " + e.getMessage());
        } catch (JsonException | IllegalStateException e) {
            throw new InvalidWorkflowException("$", "a workflow with callbacks must be a JSON object");
        }
        for (String key : object.keySet()) {
            if (!KEYS.contains(key)) {
                throw new InvalidWorkflowException("$." + key, "unknown key; a workflow with callbacks has \"workflow\", "
                        + "\"on_success\", \"on_failure\" and \"on_complete\"");
            }
        }
        return object;
    }

    /** The step under {@code key}, null when absent; a problem inside it is reported with its path under the key. */
    private Step step(JsonObject object, String key) {
        JsonValue value = object.get(key);
        if (value == null) {
            return null;
        }
        try {
            return steps.parse(value.toString());
        } catch (InvalidWorkflowException e) {
            String inner = e.path();
            String problem = e.getMessage().substring(Math.min(e.getMessage().length(), inner.length() + 2));
            throw new InvalidWorkflowException("$." + key + inner.substring(1), problem);
        }
    }
}
