package io.watchkeeper.gateway.console;

import io.quarkus.qute.TemplateExtension;
import io.vertx.core.json.JsonObject;
import io.watchkeeper.contracts.event.AlertStatus;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * How the pages write times, amounts and alert statuses: {@code {fmt:ago(x, user.locale)}} and friends. Statuses use
 * the chat messages' words (AlertStatus#chinese).
 */
@TemplateExtension(namespace = "fmt")
public final class ConsoleFormats {

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private ConsoleFormats() {}

    /** {@code 2026-12-05 21:03 UTC}; blank for no time. */
    static String time(Object instant) {
        Instant at = instant(instant);
        return at == null ? "" : STAMP.format(at);
    }

    /** {@code 3 min ago} / {@code 3 分钟前}; in the future: {@code in 2 h} / {@code 2 小时后}. */
    static String ago(Object instant, Locale locale) {
        Instant at = instant(instant);
        if (at == null) {
            return "—";
        }
        Duration d = Duration.between(at, Instant.now());
        boolean future = d.isNegative();
        d = d.abs();
        boolean zh = "zh".equals(locale.getLanguage());
        String amount;
        if (d.toSeconds() < 60) {
            amount = d.toSeconds() + (zh ? " 秒" : " s");
        } else if (d.toMinutes() < 60) {
            amount = d.toMinutes() + (zh ? " 分钟" : " min");
        } else if (d.toHours() < 48) {
            amount = d.toHours() + (zh ? " 小时" : " h");
        } else {
            amount = d.toDays() + (zh ? " 天" : " d");
        }
        return zh ? amount + (future ? "后" : "前") : future ? "in " + amount : amount + " ago";
    }

    /** An alert's state as the chat messages word it: FIRING / 告警; {@code pending} is not in a message. */
    static String status(Object state, Locale locale) {
        String name = String.valueOf(state).toUpperCase(Locale.ROOT);
        if (!"zh".equals(locale.getLanguage())) {
            return name;
        }
        if ("PENDING".equals(name)) {
            return "待触发";
        }
        try {
            return AlertStatus.valueOf(name).chinese();
        } catch (IllegalArgumentException unknown) {
            return name;
        }
    }

    /** An amount as written, never in exponent form; blank for none. */
    static String amount(Object value) {
        if (value == null) {
            return "";
        }
        return value instanceof BigDecimal d ? d.toPlainString() : String.valueOf(value);
    }

    /** A percentage for a CSS width: between 0 and 100, plain digits. */
    static String percent(Object value) {
        BigDecimal pct = decimal(value);
        if (pct == null) {
            return "0";
        }
        return pct.max(BigDecimal.ZERO)
                .min(BigDecimal.valueOf(100))
                .stripTrailingZeros()
                .toPlainString();
    }

    /**
     * Where a quota's bar marks its steps, in percent: a periodic quota's warning and alert percentages, another
     * quota's thresholds in force.
     */
    static List<Object> steps(JsonObject quota) {
        if ("periodic".equals(quota.getString("kind"))) {
            return java.util.stream.Stream.of(quota.getValue("warningPct"), quota.getValue("alertPct"))
                    .filter(java.util.Objects::nonNull)
                    .toList();
        }
        JsonObject effective = quota.getJsonObject("effective");
        return effective == null || effective.getJsonArray("thresholds") == null
                ? List.of()
                : effective.getJsonArray("thresholds").getList();
    }

    /** A JSON number as a BigDecimal (integers arrive as Integer or Long); null for none. */
    static BigDecimal decimal(Object value) {
        if (value == null || value instanceof BigDecimal) {
            return (BigDecimal) value;
        }
        return new BigDecimal(String.valueOf(value));
    }

    static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value == null || String.valueOf(value).isBlank()) {
            return null;
        }
        try {
            return Instant.parse(String.valueOf(value));
        } catch (DateTimeParseException notATime) {
            return null;
        }
    }
}
