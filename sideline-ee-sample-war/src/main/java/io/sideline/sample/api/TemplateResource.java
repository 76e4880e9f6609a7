package io.sideline.sample.api;

import io.sideline.ee.RunStart;
import io.sideline.ee.Templates;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a template with the given params:
 * <pre>
 * POST /sample/api/templates/{name}/runs  {"doc_id":"123"}  → 201 {"runId"}, Location: /sample/api/workflows/{runId}
 *      with an Idempotency-Key header as POST /sample/api/workflows: the same key again → 200, another input → 422
 * </pre>
 * The params are layered over the template's configured defaults. Invalid params are a 400 listing every
 * violation ({@link InvalidInputMapper}), an unknown template a 404 ({@link UnknownTemplateMapper}), a body that
 * is not a JSON object a 400.
 */
@Path("templates")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class TemplateResource {

    @Inject
    Templates templates;

    @Context
    UriInfo uriInfo;

    @POST
    @Path("{name}/runs")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response run(@PathParam("name") String name, @HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
                        String paramsJson) {
        Map<String, Object> params = params(paramsJson);
        RunStart start = templates.start(name, params, IdempotencyKeys.options(idempotencyKey));
        return IdempotencyKeys.response(start,
                uriInfo.getBaseUriBuilder().path(WorkflowResource.class).path(start.runId()).build());
    }

    /** The body as a map of params; anything but one JSON object is the client's mistake. */
    private static Map<String, Object> params(String json) {
        JsonValue body;
        try (JsonReader reader = Json.createReader(new StringReader(json == null ? "" : json))) {
            body = reader.readValue();
        } catch (JsonException e) {
            throw badRequest("the body is not JSON: " + e.getMessage());
        }
        if (body.getValueType() != JsonValue.ValueType.OBJECT) {
            throw badRequest("the body must be a JSON object of the template's params, not " + body.getValueType());
        }
        return toMap(body.asJsonObject());
    }

    private static BadRequestException badRequest(String error) {
        return new BadRequestException(ErrorBody.response(Response.Status.BAD_REQUEST, error));
    }

    private static Map<String, Object> toMap(JsonObject object) {
        Map<String, Object> map = new LinkedHashMap<>();
        object.forEach((key, value) -> map.put(key, toJava(value)));
        return map;
    }

    private static Object toJava(JsonValue value) {
        return switch (value.getValueType()) {
            case STRING -> ((JsonString) value).getString();
            case NUMBER -> ((JsonNumber) value).bigDecimalValue();
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case NULL -> null;
            case OBJECT -> toMap(value.asJsonObject());
            case ARRAY -> {
                List<Object> list = new ArrayList<>();
                for (JsonValue element : (JsonArray) value) {
                    list.add(toJava(element));
                }
                yield list;
            }
        };
    }
}
