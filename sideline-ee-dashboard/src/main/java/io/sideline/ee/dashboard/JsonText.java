package io.sideline.ee.dashboard;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import java.io.StringReader;

/** JSON text from Redis as a JSON value, so that the API embeds it rather than quoting it. */
final class JsonText {

    private JsonText() {
    }

    /** The value; text that is not JSON comes back as a JSON string (shown as is, never lost); null as null. */
    static JsonValue parse(String text) {
        if (text == null) {
            return JsonValue.NULL;
        }
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return reader.readValue();
        } catch (JsonException | IllegalStateException e) {
            return Json.createValue(text);
        }
    }
}
