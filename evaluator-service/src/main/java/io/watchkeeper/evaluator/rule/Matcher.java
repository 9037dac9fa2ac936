package io.watchkeeper.evaluator.rule;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A label matcher as in Prometheus/Alertmanager: {@code =}, {@code !=}, {@code =~}, {@code !~}. Regexes are
 * anchored (match the whole value); a missing label matches like the empty string.
 */
public record Matcher(String label, String op, String value) {

    public static final java.util.Set<String> OPERATORS = java.util.Set.of("=", "!=", "=~", "!~");

    public boolean matches(Map<String, String> labels) {
        String actual = labels.getOrDefault(label, "");
        return switch (op) {
            case "=" -> actual.equals(value);
            case "!=" -> !actual.equals(value);
            case "=~" -> pattern().matcher(actual).matches();
            case "!~" -> !pattern().matcher(actual).matches();
            default -> throw new IllegalStateException("unknown operator " + op);
        };
    }

    @JsonIgnore
    private Pattern pattern() {
        return PatternCache.compile(value);
    }

    /** Stores a rule's matchers as JSON text. */
    @jakarta.persistence.Converter
    public static class ListConverter implements jakarta.persistence.AttributeConverter<java.util.List<Matcher>, String> {
        private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
        private static final com.fasterxml.jackson.core.type.TypeReference<java.util.List<Matcher>> TYPE =
                new com.fasterxml.jackson.core.type.TypeReference<>() {
                };

        @Override
        public String convertToDatabaseColumn(java.util.List<Matcher> matchers) {
            try {
                return JSON.writeValueAsString(matchers);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public java.util.List<Matcher> convertToEntityAttribute(String json) {
            try {
                return JSON.readValue(json, TYPE);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("unreadable matchers: " + json, e);
            }
        }
    }

    /** Compiled regexes, shared: matching runs for every event. */
    static final class PatternCache {
        private static final java.util.concurrent.ConcurrentHashMap<String, Pattern> CACHE =
                new java.util.concurrent.ConcurrentHashMap<>();

        static Pattern compile(String regex) {
            return CACHE.computeIfAbsent(regex, Pattern::compile);
        }

        private PatternCache() {
        }
    }
}
