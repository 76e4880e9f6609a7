package io.sideline.ee.codec;

import io.sideline.ee.SidelineAdmin.JobEntry;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.time.Instant;
import java.util.Optional;

/**
 * Reads what an operator is shown of a stored job (a payload in the dead, retry or scheduled set, or the oldest of a
 * queue), leniently: a field of the wrong type is shown as missing, and an entry that is not JSON at all (another
 * client's) still shows, with its text as the error message, rather than failing the whole page.
 */
public final class JobEntries {

    private JobEntries() {
    }

    /** The entry {@code stored} stands for; {@code atMs} is its score in its set. */
    public static JobEntry read(String stored, long atMs) {
        Optional<JsonObject> parsed = object(stored);
        if (parsed.isEmpty()) {
            return new JobEntry(null, null, null, "[]", null, "MalformedPayload",
                    stored.length() > 200 ? stored.substring(0, 200) + "..." : stored, null, 0, Instant.ofEpochMilli(atMs));
        }
        JsonObject o = parsed.get();
        JsonValue args = o.get("args");
        Long failedAt = number(o, "failed_at");
        Long retryCount = number(o, "retry_count");
        return new JobEntry(string(o, "jid"), string(o, "class"), string(o, "queue"),
                args != null && args.getValueType() == JsonValue.ValueType.ARRAY ? args.toString() : "[]",
                string(o, "sideline_run_id"), string(o, "error_class"), string(o, "error_message"),
                failedAt == null ? null : Instant.ofEpochMilli(failedAt), retryCount == null ? 0 : retryCount.intValue(),
                Instant.ofEpochMilli(atMs));
    }

    /** When a stored job was enqueued ({@code enqueued_at}, else {@code created_at}), if it says. */
    public static Optional<Long> enqueuedAt(String stored) {
        return object(stored).map(o -> {
            Long at = number(o, "enqueued_at");
            return at != null ? at : number(o, "created_at");
        });
    }

    private static Optional<JsonObject> object(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            JsonValue value = reader.readValue();
            return value.getValueType() == JsonValue.ValueType.OBJECT ? Optional.of(value.asJsonObject()) : Optional.empty();
        } catch (RuntimeException | StackOverflowError e) {
            return Optional.empty();
        }
    }

    private static String string(JsonObject o, String name) {
        return o.get(name) instanceof JsonString s ? s.getString() : null;
    }

    private static Long number(JsonObject o, String name) {
        return o.get(name) instanceof JsonNumber n ? n.longValue() : null;
    }
}
