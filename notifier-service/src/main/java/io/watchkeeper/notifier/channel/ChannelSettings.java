package io.watchkeeper.notifier.channel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/** The non-secret part of a channel: who to @-mention. */
public record ChannelSettings(List<String> mentionedMobiles, List<String> mentionedUsers) {

    public ChannelSettings {
        mentionedMobiles = mentionedMobiles == null ? List.of() : List.copyOf(mentionedMobiles);
        mentionedUsers = mentionedUsers == null ? List.of() : List.copyOf(mentionedUsers);
    }

    /** JSON text in the database. */
    @jakarta.persistence.Converter
    public static class Converter implements jakarta.persistence.AttributeConverter<ChannelSettings, String> {
        private static final ObjectMapper JSON = new ObjectMapper()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

        @Override
        public String convertToDatabaseColumn(ChannelSettings settings) {
            try {
                return JSON.writeValueAsString(settings);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public ChannelSettings convertToEntityAttribute(String json) {
            try {
                return JSON.readValue(json, ChannelSettings.class);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("unreadable channel settings", e);
            }
        }
    }
}
