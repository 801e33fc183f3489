package io.gaas.job;

import java.util.List;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** A job's command is stored as its JSON array, the form in which it was submitted. */
@Converter
class CommandConverter implements AttributeConverter<List<String>, String> {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    static String toJson(List<String> command) {
        return command == null ? null : JSON.writeValueAsString(command);
    }

    static List<String> fromJson(String json) {
        return json == null ? null : List.copyOf(JSON.readValue(json, STRINGS));
    }

    @Override
    public String convertToDatabaseColumn(List<String> command) {
        return toJson(command);
    }

    @Override
    public List<String> convertToEntityAttribute(String json) {
        return fromJson(json);
    }
}
