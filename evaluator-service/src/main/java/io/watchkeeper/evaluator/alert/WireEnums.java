package io.watchkeeper.evaluator.alert;

import io.watchkeeper.contracts.event.Severity;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.Locale;

/** Stores enums by their wire names ({@code firing}), so SQL filters read like the API. */
final class WireEnums {

    private WireEnums() {}

    @Converter
    static class StateConverter implements AttributeConverter<AlertState, String> {
        @Override
        public String convertToDatabaseColumn(AlertState state) {
            return state == null ? null : state.wireName();
        }

        @Override
        public AlertState convertToEntityAttribute(String column) {
            return column == null ? null : AlertState.parse(column);
        }
    }

    @Converter
    static class SeverityConverter implements AttributeConverter<Severity, String> {
        @Override
        public String convertToDatabaseColumn(Severity severity) {
            return severity == null ? null : severity.name().toLowerCase(Locale.ROOT);
        }

        @Override
        public Severity convertToEntityAttribute(String column) {
            return column == null ? null : Severity.valueOf(column.toUpperCase(Locale.ROOT));
        }
    }
}
