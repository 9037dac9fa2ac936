package io.watchkeeper.collector.heartbeat;

import io.watchkeeper.contracts.event.HeartbeatSignal;
import java.math.BigDecimal;

/**
 * A heartbeat signal with healthchecks.io semantics: a success ping, the start of a run, a failure, or an
 * exit code (0 = success). Each becomes a metric: {@code heartbeat} (success), {@code heartbeat_start},
 * {@code heartbeat_fail} (value = exit code, 1 for a plain failure).
 */
public record Signal(Kind kind, Integer exitCode) {

    public enum Kind {
        PING,
        START,
        FAIL
    }

    public static final Signal PING = new Signal(Kind.PING, null);
    public static final Signal START = new Signal(Kind.START, null);
    public static final Signal FAIL = new Signal(Kind.FAIL, null);

    public static Signal exit(int code) {
        return new Signal(code == 0 ? Kind.PING : Kind.FAIL, code);
    }

    /** {@code start}, {@code fail} or an exit code 0–255 from a ping URL; null for anything else. */
    public static Signal parse(String text) {
        return switch (text) {
            case "start" -> START;
            case "fail" -> FAIL;
            default -> text.matches("\\d{1,3}") && Integer.parseInt(text) <= 255 ? exit(Integer.parseInt(text)) : null;
        };
    }

    public static Signal of(HeartbeatSignal.Signal signal, Integer exitCode) {
        return switch (signal) {
            case PING -> PING;
            case START -> START;
            case FAIL -> exitCode == null ? FAIL : new Signal(Kind.FAIL, exitCode);
            case EXIT -> exit(exitCode == null ? 0 : exitCode);
        };
    }

    public String metric() {
        return switch (kind) {
            case PING -> "heartbeat";
            case START -> "heartbeat_start";
            case FAIL -> "heartbeat_fail";
        };
    }

    public BigDecimal value() {
        return kind == Kind.FAIL ? BigDecimal.valueOf(exitCode == null ? 1 : exitCode) : BigDecimal.ONE;
    }

    public String wireName() {
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
