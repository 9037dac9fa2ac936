package io.watchkeeper.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.cloudevents.CloudEventCodec;
import io.watchkeeper.contracts.cloudevents.ContractViolation;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.AlertStatus;
import io.watchkeeper.contracts.event.ApiKeyEvent;
import io.watchkeeper.contracts.event.DeliveryEvent;
import io.watchkeeper.contracts.event.EnergyReading;
import io.watchkeeper.contracts.event.HeartbeatSignal;
import io.watchkeeper.contracts.event.IamEvent;
import io.watchkeeper.contracts.event.MetricEvent;
import io.watchkeeper.contracts.event.MetricKind;
import io.watchkeeper.contracts.event.QuotaEvent;
import io.watchkeeper.contracts.event.QuotaUsageEvent;
import io.watchkeeper.contracts.event.Severity;
import io.watchkeeper.contracts.event.UsageReport;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CloudEventCodecTest {

    private static final Instant T = Instant.parse("2026-11-22T08:00:00Z");
    private final CloudEventCodec codec = CloudEventCodec.instance();

    static Stream<Object> validSamples() {
        return Stream.of(
                new MetricEvent(
                        "provider_balance",
                        MetricKind.BALANCE,
                        new BigDecimal("74.75"),
                        "USD",
                        Map.of("provider", "openrouter", "tenant", "acme"),
                        T),
                new MetricEvent(
                        "notify_event",
                        MetricKind.EVENT,
                        BigDecimal.ONE,
                        null,
                        Map.of("service", "trade"),
                        T,
                        Map.of("message", "order 42 stuck", "event_id", "e-1")),
                new UsageReport(
                        "acme",
                        "chat",
                        120,
                        3,
                        45000L,
                        new BigDecimal("0.4213"),
                        "USD",
                        new BigDecimal("812.5"),
                        Map.of(),
                        T),
                new EnergyReading(
                        "r-1", "electricity", "meter-7", "building-a", new BigDecimal("12.345"), "kWh", Map.of(), T),
                new HeartbeatSignal("nightly-backup", HeartbeatSignal.Signal.EXIT, 0, "acme", Map.of(), T),
                new QuotaEvent(
                        "q-1",
                        new QuotaEvent.Subject("sub_account", "2100123"),
                        "cloud_spend",
                        Map.of("sub_account", "2100123"),
                        new BigDecimal("1000.00"),
                        "CNY",
                        List.of(new BigDecimal("50"), new BigDecimal("80"), new BigDecimal("90")),
                        true,
                        true,
                        3,
                        null,
                        null,
                        null,
                        null,
                        null),
                new QuotaUsageEvent(
                        "q-1",
                        3,
                        "2026-11",
                        new BigDecimal("812.50"),
                        new BigDecimal("1000.00"),
                        new BigDecimal("81.25"),
                        QuotaUsageEvent.Status.WARNING,
                        T),
                new AlertEvent(
                        UUID.randomUUID(),
                        "1a30ba71cca2921f",
                        "r-1",
                        "backup heartbeat",
                        "absence",
                        AlertStatus.FIRING,
                        Severity.CRITICAL,
                        "No heartbeat from nightly-backup",
                        "late by 3m",
                        Map.of("slug", "nightly-backup"),
                        Map.of(),
                        null,
                        null,
                        T,
                        null,
                        null,
                        null),
                new IamEvent("u-1", "main-1", "ops-bot", IamEvent.Action.DISABLED, "quota exhausted", null),
                new DeliveryEvent(UUID.randomUUID().toString(), "ops-wechat", DeliveryEvent.Status.SENT, 1, null),
                new ApiKeyEvent(
                        "k-1", "billing exporter", "wk_a1b2c3d4", "0".repeat(64), "acme", List.of("ingest:usage"), T));
    }

    @ParameterizedTest
    @MethodSource("validSamples")
    void valid_samples_round_trip_in_binary_mode(Object data) {
        CloudEvent<?> event = CloudEvent.of("test", data);

        CloudEvent<?> decoded = codec.decode(codec.headers(event), codec.value(event), data.getClass());

        assertThat(decoded.data()).isEqualTo(data);
        assertThat(decoded.id()).isEqualTo(event.id());
        assertThat(decoded.type()).isEqualTo(event.type());
        assertThat(decoded.time()).isEqualTo(event.time());
    }

    @Test
    void money_stays_exact() {
        MetricEvent metric = new MetricEvent(
                "balance", MetricKind.BALANCE, new BigDecimal("0.1000000000000000055511"), "CNY", Map.of(), T);
        CloudEvent<MetricEvent> event = CloudEvent.of("test", metric);

        assertThat(codec.decode(codec.headers(event), codec.value(event), MetricEvent.class)
                        .data()
                        .value())
                .isEqualTo("0.1000000000000000055511");
    }

    @Test
    void structured_mode_is_accepted() {
        String json =
                """
                {"specversion":"1.0","id":"e-1","source":"upstream","type":"io.watchkeeper.heartbeat.v1",
                 "time":"2026-11-22T08:00:00Z","datacontenttype":"application/json",
                 "data":{"check":"ticker","signal":"ping","observedAt":"2026-11-22T08:00:00Z","extra":"ignored"}}
                """;
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", "application/cloudevents+json; charset=UTF-8".getBytes(StandardCharsets.UTF_8));

        CloudEvent<HeartbeatSignal> event = codec.decode(headers, bytes(json), HeartbeatSignal.class);

        assertThat(event.id()).isEqualTo("e-1");
        assertThat(event.data().check()).isEqualTo("ticker");
        assertThat(event.data().signal()).isEqualTo(HeartbeatSignal.Signal.PING);
    }

    @Test
    void missing_required_field_is_rejected_naming_it() {
        assertThatThrownBy(() -> codec.decode(
                        binaryHeaders("io.watchkeeper.metric.v1"),
                        bytes(
                                "{\"metric\":\"m\",\"kind\":\"balance\",\"labels\":{},\"observedAt\":\"2026-11-22T08:00:00Z\"}"),
                        MetricEvent.class))
                .isInstanceOf(ContractViolation.class)
                .hasMessageContaining("value");
    }

    @Test
    void wrong_type_is_rejected() {
        assertThatThrownBy(() -> codec.decode(
                        binaryHeaders("io.watchkeeper.metric.v1"),
                        bytes("{\"metric\":\"m\",\"kind\":\"balance\",\"value\":\"lots\",\"labels\":{},"
                                + "\"observedAt\":\"2026-11-22T08:00:00Z\"}"),
                        MetricEvent.class))
                .isInstanceOf(ContractViolation.class)
                .hasMessageContaining("value")
                .hasMessageContaining("number");
    }

    @Test
    void a_quota_usage_with_a_period_that_is_no_period_is_rejected_naming_it() {
        assertThatThrownBy(() -> codec.decode(
                        binaryHeaders("io.watchkeeper.quota-usage.v1"),
                        bytes("{\"quotaId\":\"q-1\",\"epoch\":1,\"period\":\"December\",\"consumed\":1,\"allocated\":2,"
                                + "\"usedPct\":50,\"status\":\"normal\",\"observedAt\":\"2026-11-22T08:00:00Z\"}"),
                        QuotaUsageEvent.class))
                .isInstanceOf(ContractViolation.class)
                .hasMessageContaining("period");
    }

    @Test
    void bad_time_is_rejected() {
        assertThatThrownBy(() -> codec.decode(
                        binaryHeaders("io.watchkeeper.metric.v1"),
                        bytes(
                                "{\"metric\":\"m\",\"kind\":\"balance\",\"value\":1,\"labels\":{},\"observedAt\":\"yesterday\"}"),
                        MetricEvent.class))
                .isInstanceOf(ContractViolation.class)
                .hasMessageContaining("observedAt");
    }

    @Test
    void unknown_ce_type_is_rejected() {
        assertThatThrownBy(() -> codec.decode(binaryHeaders("com.example.other.v1"), bytes("{}"), MetricEvent.class))
                .isInstanceOf(ContractViolation.class)
                .hasMessage("unknown ce_type com.example.other.v1");
    }

    @Test
    void a_known_type_on_the_wrong_topic_is_rejected() {
        CloudEvent<DeliveryEvent> event =
                CloudEvent.of("test", new DeliveryEvent("a", "c", DeliveryEvent.Status.SENT, 1, null));

        assertThatThrownBy(() -> codec.decode(codec.headers(event), codec.value(event), MetricEvent.class))
                .isInstanceOf(ContractViolation.class)
                .hasMessageContaining("unexpected ce_type io.watchkeeper.delivery.v1");
    }

    @Test
    void not_json_is_rejected() {
        assertThatThrownBy(() ->
                        codec.decode(binaryHeaders("io.watchkeeper.metric.v1"), bytes("ping!"), MetricEvent.class))
                .isInstanceOf(ContractViolation.class)
                .hasMessageStartingWith("value is not JSON");
    }

    @Test
    void missing_ce_headers_are_rejected() {
        assertThatThrownBy(() -> codec.decode(new RecordHeaders(), bytes("{\"metric\":\"m\"}"), MetricEvent.class))
                .isInstanceOf(ContractViolation.class)
                .hasMessageContaining("ce_specversion");
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {
                "1e999999999",
                "-1e999999999",
                "1e-999999999",
                "1234567890123456789",
                "0.0000000000000000000000001",
                "99999999999999999999999999"
            })
    void numbers_beyond_the_contract_bounds_are_rejected_naming_the_field(String number) {
        assertThatThrownBy(() -> codec.decode(
                        binaryHeaders("io.watchkeeper.metric.v1"),
                        bytes("{\"metric\":\"m\",\"kind\":\"spend\",\"value\":" + number + ",\"labels\":{},"
                                + "\"observedAt\":\"2026-11-22T08:00:00Z\"}"),
                        MetricEvent.class))
                .isInstanceOf(ContractViolation.class)
                .hasMessageContaining("/value: number out of range");
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {"123456789012345678", "-0.000000000000000001", "1.500000000000000000000000", "0", "1E+3", "42"})
    void numbers_within_the_bounds_keep_their_exact_value(String number) {
        MetricEvent event = codec.decode(
                        binaryHeaders("io.watchkeeper.metric.v1"),
                        bytes("{\"metric\":\"m\",\"kind\":\"spend\",\"value\":" + number + ",\"labels\":{},"
                                + "\"observedAt\":\"2026-11-22T08:00:00Z\"}"),
                        MetricEvent.class)
                .data();
        assertThat(event.value()).isEqualByComparingTo(new BigDecimal(number));
    }

    @Test
    void a_huge_cost_in_a_usage_report_is_rejected_like_a_huge_count() {
        String report = "{\"tenant\":\"t\",\"app\":\"a\",\"calls\":%s,\"errors\":0,\"cost\":%s,"
                + "\"observedAt\":\"2026-11-22T08:00:00Z\"}";
        assertThat(codec.validate(EventType.USAGE, tree(String.format(report, "1", "1e999999999"))))
                .containsExactly("/cost: number out of range: at most 18 digits before the decimal point");
        assertThat(codec.validate(EventType.USAGE, tree(String.format(report, "1e30", "1"))))
                .anyMatch(f -> f.startsWith("/calls: number out of range"));
    }

    @Test
    void oversized_names_and_labels_are_rejected() {
        String huge = "x".repeat(2000);
        assertThatThrownBy(() -> codec.decode(
                        binaryHeaders("io.watchkeeper.metric.v1"),
                        bytes("{\"metric\":\"m\",\"kind\":\"spend\",\"value\":1,\"labels\":{\"k\":\"" + huge + "\"},"
                                + "\"observedAt\":\"2026-11-22T08:00:00Z\"}"),
                        MetricEvent.class))
                .isInstanceOf(ContractViolation.class)
                .hasMessageContaining("/labels/k");
        assertThatThrownBy(() -> codec.decode(
                        binaryHeaders("io.watchkeeper.metric.v1"),
                        bytes("{\"metric\":\"" + huge + "\",\"kind\":\"spend\",\"value\":1,\"labels\":{},"
                                + "\"observedAt\":\"2026-11-22T08:00:00Z\"}"),
                        MetricEvent.class))
                .isInstanceOf(ContractViolation.class)
                .hasMessageContaining("/metric");
    }

    @Test
    void annotations_are_optional_and_bounded() {
        MetricEvent plain = new MetricEvent("m", MetricKind.EVENT, BigDecimal.ONE, null, Map.of(), T);
        assertThat(new String(codec.value(CloudEvent.of("test", plain)), java.nio.charset.StandardCharsets.UTF_8))
                .doesNotContain("annotations"); // readers of the v1 contract see what they saw before
        assertThatThrownBy(() -> codec.decode(
                        binaryHeaders("io.watchkeeper.metric.v1"),
                        bytes(
                                "{\"metric\":\"m\",\"kind\":\"event\",\"value\":1,\"labels\":{},\"annotations\":{\"message\":\""
                                        + "x".repeat(4097) + "\"},\"observedAt\":\"2026-11-22T08:00:00Z\"}"),
                        MetricEvent.class))
                .isInstanceOf(ContractViolation.class)
                .hasMessageContaining("/annotations/message");
    }

    /** Upstream records hold 60 labels at most: the collector adds up to 4 when it republishes them as metrics (64). */
    @Test
    void upstream_records_leave_room_for_the_labels_their_metrics_add() {
        String report = "{\"tenant\":\"t\",\"app\":\"a\",\"calls\":1,\"errors\":0,\"labels\":%s,"
                + "\"observedAt\":\"2026-11-22T08:00:00Z\"}";
        assertThat(codec.validate(EventType.USAGE, tree(String.format(report, labelsJson(60)))))
                .isEmpty();
        assertThat(codec.validate(EventType.USAGE, tree(String.format(report, labelsJson(61)))))
                .anyMatch(f -> f.startsWith("/labels"));
        assertThat(codec.validate(
                        EventType.METRIC,
                        tree("{\"metric\":\"m\",\"kind\":\"usage\",\"value\":1,\"labels\":" + labelsJson(65)
                                + ",\"observedAt\":\"2026-11-22T08:00:00Z\"}")))
                .anyMatch(f -> f.startsWith("/labels"));
    }

    private static String labelsJson(int count) {
        return java.util.stream.IntStream.range(0, count)
                .mapToObj(i -> "\"l" + i + "\":\"v\"")
                .collect(java.util.stream.Collectors.joining(",", "{", "}"));
    }

    private com.fasterxml.jackson.databind.JsonNode tree(String json) {
        try {
            return codec.mapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void series_key_is_stable_whatever_the_label_order() {
        assertThat(MetricEvent.seriesKey("heartbeat", Map.of("slug", "a", "tenant", "t")))
                .isEqualTo("heartbeat{slug=\"a\",tenant=\"t\"}");
    }

    private static Headers binaryHeaders(String type) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_specversion", bytes("1.0"));
        headers.add("ce_id", bytes(UUID.randomUUID().toString()));
        headers.add("ce_source", bytes("test"));
        headers.add("ce_type", bytes(type));
        headers.add("ce_time", bytes("2026-11-22T08:00:00Z"));
        return headers;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
