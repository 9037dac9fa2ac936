package io.watchkeeper.evaluator.alert;

import io.watchkeeper.contracts.event.AlertStatus;
import io.watchkeeper.contracts.event.Severity;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.Locale;

/** Stores contract enums by their wire names ({@code firing}), so SQL filters read like the API. */
final class WireEnums {

    private WireEnums() {
    }

    @Converter
    static class StatusConverter implements AttributeConverter<AlertStatus, String> {
        @Override
        public String convertToDatabaseColumn(AlertStatus status) {
            return status == null ? null : status.name().toLowerCase(Locale.ROOT);
        }

        @Override
        public AlertStatus convertToEntityAttribute(String column) {
            return column == null ? null : AlertStatus.valueOf(column.toUpperCase(Locale.ROOT));
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
