package io.sideline.ee.codec;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plain Java views of JSON values (String, Long or BigDecimal, Boolean, null, List, Map), as stored in a
 * run's memory. Numbers follow the same rule as the workflow JSON form: integral values that fit a long
 * become Long, others BigDecimal.
 */
public final class JsonData {

    private static final JsonProvider JSON = JsonProvider.provider();

    private JsonData() {
    }

    public static Object parse(String json) {
        try (JsonReader reader = JSON.createReader(new StringReader(json))) {
            return toJava(reader.readValue());
        }
    }

    public static JsonObject parseObject(String json) {
        try (JsonReader reader = JSON.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }

    public static Object toJava(JsonValue value) {
        switch (value.getValueType()) {
            case STRING:
                return ((JsonString) value).getString();
            case NUMBER:
                JsonNumber number = (JsonNumber) value;
                if (number.isIntegral()) {
                    try {
                        return number.bigDecimalValue().longValueExact();
                    } catch (ArithmeticException tooBig) {
                        return number.bigDecimalValue();
                    }
                }
                return number.bigDecimalValue();
            case TRUE:
                return Boolean.TRUE;
            case FALSE:
                return Boolean.FALSE;
            case NULL:
                return null;
            case ARRAY:
                List<Object> list = new ArrayList<>();
                value.asJsonArray().forEach(v -> list.add(toJava(v)));
                return list;
            case OBJECT:
                Map<String, Object> map = new LinkedHashMap<>();
                value.asJsonObject().forEach((k, v) -> map.put(k, toJava(v)));
                return map;
            default:
                throw new IllegalArgumentException("unsupported JSON value " + value.getValueType());
        }
    }
}
