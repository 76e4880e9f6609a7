package io.sideline.ee.cdi;

import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbTransient;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON property names a typed input declares, with their Java types: a record's components, or a
 * class's instance fields, renamed by {@code @JsonbProperty}. These are the memory keys a typed job reads.
 */
final class PropertyNames {

    private PropertyNames() {
    }

    static Map<String, Type> of(Class<?> type) {
        Map<String, Type> names = new LinkedHashMap<>();
        if (type.isRecord()) {
            for (RecordComponent component : type.getRecordComponents()) {
                JsonbProperty renamed = component.getAccessor().getAnnotation(JsonbProperty.class);
                if (renamed == null) {
                    renamed = fieldAnnotation(type, component.getName());
                }
                names.put(renamed != null && !renamed.value().isEmpty() ? renamed.value() : component.getName(),
                        component.getGenericType());
            }
            return names;
        }
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                int modifiers = field.getModifiers();
                if (Modifier.isStatic(modifiers) || Modifier.isTransient(modifiers) || field.isSynthetic()
                        || field.isAnnotationPresent(JsonbTransient.class)) {
                    continue;
                }
                JsonbProperty renamed = field.getAnnotation(JsonbProperty.class);
                names.putIfAbsent(renamed != null && !renamed.value().isEmpty() ? renamed.value() : field.getName(),
                        field.getGenericType());
            }
        }
        return names;
    }

    /** Java property name → JSON name, for the properties that JSON-B renames. */
    static Map<String, String> javaToJson(Class<?> type) {
        Map<String, String> names = new LinkedHashMap<>();
        if (type.isRecord()) {
            for (RecordComponent component : type.getRecordComponents()) {
                JsonbProperty renamed = component.getAccessor().getAnnotation(JsonbProperty.class);
                if (renamed == null) {
                    renamed = fieldAnnotation(type, component.getName());
                }
                if (renamed != null && !renamed.value().isEmpty()) {
                    names.put(component.getName(), renamed.value());
                }
            }
            return names;
        }
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                JsonbProperty renamed = field.getAnnotation(JsonbProperty.class);
                if (renamed != null && !renamed.value().isEmpty()) {
                    names.putIfAbsent(field.getName(), renamed.value());
                }
            }
        }
        return names;
    }

    private static JsonbProperty fieldAnnotation(Class<?> record, String name) {
        try {
            return record.getDeclaredField(name).getAnnotation(JsonbProperty.class);
        } catch (NoSuchFieldException e) {
            return null;
        }
    }
}
