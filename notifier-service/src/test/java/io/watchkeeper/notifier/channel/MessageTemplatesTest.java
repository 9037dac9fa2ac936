package io.watchkeeper.notifier.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.AlertStatus;
import io.watchkeeper.contracts.event.Severity;
import io.watchkeeper.notifier.NotifierTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The words per alert kind, in English and Chinese (templates/messages). */
@NotifierTest
class MessageTemplatesTest {

    private static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");

    @Inject
    MessageTemplates templates;

    private static AlertEvent alert(
            String type,
            AlertStatus status,
            String title,
            Map<String, String> labels,
            Map<String, String> annotations,
            BigDecimal value,
            BigDecimal threshold,
            AlertEvent.QuotaRef quota) {
        return new AlertEvent(
                UUID.randomUUID(),
                "1a30ba71cca2921f",
                "r-1",
                "rule one",
                type,
                status,
                Severity.WARNING,
                title,
                null,
                labels,
                annotations,
                value,
                threshold,
                T0,
                status == AlertStatus.RESOLVED ? T0.plusSeconds(600) : null,
                null,
                quota);
    }

    @Test
    void a_balance_says_value_against_threshold_with_the_currency() {
        AlertEvent a = alert(
                "threshold",
                AlertStatus.FIRING,
                "low balance: openrouter",
                Map.of("currency", "USD"),
                Map.of(),
                new BigDecimal("4.50"),
                new BigDecimal("10"),
                null);
        assertThat(templates.words(a, "en").details().get(0)).isEqualTo("balance 4.5 USD is past the threshold 10 USD");
        assertThat(templates.words(a, "zh").headline()).isEqualTo("【告警】low balance: openrouter");
        assertThat(templates.words(a, "zh").details().get(0)).isEqualTo("余额 4.5 USD，已越过阈值 10 USD");
    }

    @Test
    void a_forecast_says_when_it_runs_out() {
        AlertEvent a = alert(
                "forecast",
                AlertStatus.FIRING,
                "runs out",
                Map.of(),
                Map.of("depletesAt", "2026-11-23T02:00:00Z", "burnRatePerHour", "2.5"),
                null,
                null,
                null);
        assertThat(templates.words(a, "en").details().get(0))
                .isEqualTo("runs out around 2026-11-23T02:00:00Z, burning 2.5 an hour");
        assertThat(templates.words(a, "zh").details().get(0)).isEqualTo("预计约 2026-11-23T02:00:00Z 耗尽，每小时消耗 2.5");
    }

    @Test
    void a_renewal_says_the_days_left() {
        AlertEvent a = alert(
                "renewal",
                AlertStatus.FIRING,
                "renewals",
                Map.of(),
                Map.of("renewsOn", "2026-12-01", "daysLeft", "9", "subscription", "Claude Team"),
                null,
                null,
                null);
        assertThat(templates.words(a, "en").details().get(0))
                .isEqualTo("Claude Team renews on 2026-12-01: 9 day(s) left");
        assertThat(templates.words(a, "zh").details().get(0)).isEqualTo("Claude Team 将于 2026-12-01 续费，剩余 9 天");
    }

    @Test
    void a_quota_step_says_used_and_step() {
        AlertEvent a = alert(
                "quota_step",
                AlertStatus.FIRING,
                "quota q-1 at 80 %",
                Map.of(),
                Map.of(),
                null,
                null,
                new AlertEvent.QuotaRef("q-1", 1, new BigDecimal("80"), new BigDecimal("83.50"), false));
        assertThat(templates.words(a, "en").details().get(0)).isEqualTo("quota q-1: 83.5% used (step 80%)");
        assertThat(templates.words(a, "zh").details().get(0)).isEqualTo("配额 q-1：已用 83.5%（阶梯 80%）");
    }

    @Test
    void a_heartbeat_says_since_when_and_when_it_came_back() {
        AlertEvent silent =
                alert("absence", AlertStatus.FIRING, "backups", Map.of("slug", "nightly"), Map.of(), null, null, null);
        assertThat(templates.words(silent, "en").details().get(0)).isEqualTo("silent since 2026-11-22T08:00:00Z");
        AlertEvent back = alert(
                "absence", AlertStatus.RESOLVED, "backups", Map.of("slug", "nightly"), Map.of(), null, null, null);
        assertThat(templates.words(back, "en").headline()).isEqualTo("[RESOLVED] backups");
        assertThat(templates.words(back, "zh").details().get(0))
                .isEqualTo("已于 2026-11-22T08:10:00Z 恢复心跳（自 2026-11-22T08:00:00Z 起无心跳）");
        assertThat(templates.words(back, "en").details()).contains("labels: slug=nightly");
    }

    @Test
    void anything_else_is_generic_and_an_unknown_language_is_english() {
        AlertEvent a = alert(
                "ratio",
                AlertStatus.FIRING,
                "error rate",
                Map.of("app", "chat", "tenant", "acme"),
                Map.of(),
                new BigDecimal("0.12"),
                new BigDecimal("0.05"),
                null);
        assertThat(templates.words(a, "fr").details())
                .containsExactly(
                        "since 2026-11-22T08:00:00Z",
                        "value 0.12 (threshold 0.05)",
                        "severity: warning · rule: rule one",
                        "labels: app=chat, tenant=acme");
    }

    @Test
    void a_generic_alert_lists_its_annotations_such_as_an_events_message_and_metadata() {
        AlertEvent a = alert(
                "threshold",
                AlertStatus.FIRING,
                "trade events",
                Map.of("service", "trade"),
                Map.of("message", "order 42 stuck", "order", "42", "event_id", "e-42"),
                BigDecimal.ONE,
                BigDecimal.ONE,
                null);
        assertThat(templates.words(a, "en").details())
                .containsExactly(
                        "since 2026-11-22T08:00:00Z",
                        "message: order 42 stuck",
                        "order: 42",
                        "value 1 (threshold 1)",
                        "severity: warning · rule: rule one",
                        "labels: service=trade");
        assertThat(templates.words(a, "zh").details()).contains("message：order 42 stuck");
    }

    @Test
    void a_group_counts_its_alerts_by_status_and_lists_each_under_the_group_labels() {
        AlertEvent low = alert(
                "threshold",
                AlertStatus.FIRING,
                "low balance: openrouter",
                Map.of("currency", "USD"),
                Map.of(),
                new BigDecimal("4.50"),
                new BigDecimal("10"),
                null);
        AlertEvent back = alert(
                "absence", AlertStatus.RESOLVED, "backups", Map.of("slug", "nightly"), Map.of(), null, null, null);
        Notification group = new Notification("n-1", List.of(low, back), Map.of("team", "billing"));

        AlertText.Words en = templates.words(group, "en");
        assertThat(en.headline()).isEqualTo("[FIRING:1, RESOLVED:1] team=billing");
        assertThat(en.details())
                .startsWith("• [FIRING] low balance: openrouter", "  balance 4.5 USD is past the threshold 10 USD")
                .contains("• [RESOLVED] backups");
        assertThat(templates.words(group, "zh").headline()).isEqualTo("【告警 1 · 已恢复 1】team=billing");
        assertThat(templates.words(Notification.of("n-2", low), "en").headline())
                .isEqualTo("[FIRING] low balance: openrouter");
    }
}
