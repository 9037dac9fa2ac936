package io.watchkeeper.platform.labels;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.watchkeeper.platform.problem.ProblemException;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.Map;

/**
 * A label matcher as in Prometheus/Alertmanager: {@code =}, {@code !=}, {@code =~}, {@code !~}. Regexes are
 * anchored (match the whole value); a missing label matches like the empty string.
 */
public record LabelMatcher(
        @NotBlank @Pattern(regexp = "[a-zA-Z_][a-zA-Z0-9_]*", message = "must be a label name") String label,
        @NotBlank @Pattern(regexp = "=|!=|=~|!~", message = "must be one of =, !=, =~, !~") String op,
        @NotNull String value) {

    /**
     * Checks the regexes of a request's matchers.
     *
     * @throws ProblemException 400 naming {@code field[i].value} for the first invalid one
     */
    public static void checkRegexes(java.util.List<LabelMatcher> matchers, String field) {
        for (int i = 0; i < matchers.size(); i++) {
            LabelMatcher m = matchers.get(i);
            if (m.op().endsWith("~")) {
                try {
                    java.util.regex.Pattern.compile(m.value());
                } catch (java.util.regex.PatternSyntaxException e) {
                    throw ProblemException.invalid(
                            field + "[" + i + "].value", "is not a valid regex: " + e.getDescription());
                }
            }
        }
    }

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
    private java.util.regex.Pattern pattern() {
        return PatternCache.compile(value);
    }

    /** A list of matchers in a text column. */
    @jakarta.persistence.Converter
    public static class ListConverter extends io.watchkeeper.platform.db.JsonText<java.util.List<LabelMatcher>> {
        public ListConverter() {
            super(new com.fasterxml.jackson.core.type.TypeReference<>() {});
        }
    }

    /** Compiled regexes, shared: matching runs for every event. */
    static final class PatternCache {
        private static final java.util.concurrent.ConcurrentHashMap<String, java.util.regex.Pattern> CACHE =
                new java.util.concurrent.ConcurrentHashMap<>();

        static java.util.regex.Pattern compile(String regex) {
            return CACHE.computeIfAbsent(regex, java.util.regex.Pattern::compile);
        }

        private PatternCache() {}
    }
}
