package io.watchkeeper.platform.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.persistence.AttributeConverter;

/**
 * A value stored as JSON text. Hibernate Reactive maps JSON columns through Vert.x JSON objects, which
 * cannot hold a top-level array or a typed record; a text column with this converter can.
 */
public abstract class JsonText<T> implements AttributeConverter<T, String> {

    private static final ObjectMapper JSON =
            new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final TypeReference<T> type;

    protected JsonText(TypeReference<T> type) {
        this.type = type;
    }

    @Override
    public String convertToDatabaseColumn(T value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A NULL column (e.g. one a migration added to rows that existed before) reads as null. */
    @Override
    public T convertToEntityAttribute(String json) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable JSON column: " + e.getOriginalMessage(), e);
        }
    }
}
