package io.watchkeeper.notifier.mute;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.AlertStatus;
import io.watchkeeper.contracts.event.Severity;
import io.watchkeeper.notifier.alert.AlertLabels;
import io.watchkeeper.platform.labels.LabelMatcher;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What silences and inhibit rules mute, decided without storage. */
class MuteRulesTest {

    private static final Instant NOW = Instant.parse("2026-12-06T08:00:00Z");

    private final AlertEvent nodeDown = alert("NodeDown", Severity.CRITICAL, "h1");
    private final AlertEvent loadOnH1 = alert("HighLoad", Severity.WARNING, "h1");
    private final AlertEvent loadOnH2 = alert("HighLoad", Severity.WARNING, "h2");

    @Test
    void an_active_silence_mutes_what_all_its_matchers_select_and_names_itself() {
        Silence silence = silence(
                NOW.minusSeconds(60), NOW.plusSeconds(60), matcher("host", "h1"), matcher("severity", "warning"));
        MuteRules rules = new MuteRules(List.of(silence), List.of());

        assertThat(rules.reasons(List.of(loadOnH1, loadOnH2, nodeDown), Map.of(), NOW))
                .containsExactly("silenced by " + silence.id + " (ops: maintenance)", null, null);
        assertThat(rules.mayInhibit(List.of(loadOnH1))).isFalse();
    }

    @Test
    void a_silence_mutes_nothing_before_it_starts_or_once_it_ends() {
        MuteRules pending = new MuteRules(
                List.of(silence(NOW.plusSeconds(1), NOW.plusSeconds(60), matcher("host", "h1"))), List.of());
        MuteRules ended = new MuteRules(List.of(silence(NOW.minusSeconds(60), NOW, matcher("host", "h1"))), List.of());

        assertThat(pending.reasons(List.of(loadOnH1), Map.of(), NOW)).containsOnlyNulls();
        assertThat(ended.reasons(List.of(loadOnH1), Map.of(), NOW)).containsOnlyNulls();
    }

    @Test
    void a_firing_source_inhibits_targets_with_its_equal_labels_but_never_itself() {
        MuteRules rules = new MuteRules(List.of(), List.of(nodeDownMutesWarningsOnItsHost()));
        Map<UUID, Map<String, String>> firing = firing(nodeDown, loadOnH1);

        assertThat(rules.mayInhibit(List.of(loadOnH1, loadOnH2))).isTrue();
        assertThat(rules.mayInhibit(List.of(nodeDown))).isFalse();
        assertThat(rules.reasons(List.of(loadOnH1, loadOnH2, nodeDown), firing, NOW))
                .containsExactly("inhibited by alert " + nodeDown.alertId() + " (rule node down)", null, null);
        assertThat(rules.reasons(List.of(loadOnH1), firing(loadOnH1), NOW)).containsOnlyNulls();
    }

    @Test
    void a_missing_equal_label_equals_a_missing_label_as_in_alertmanager() {
        AlertEvent nodeDownNoHost = alert("NodeDown", Severity.CRITICAL, null);
        AlertEvent loadNoHost = alert("HighLoad", Severity.WARNING, null);
        MuteRules rules = new MuteRules(List.of(), List.of(nodeDownMutesWarningsOnItsHost()));

        assertThat(rules.reasons(List.of(loadNoHost, loadOnH1), firing(nodeDownNoHost), NOW))
                .containsExactly("inhibited by alert " + nodeDownNoHost.alertId() + " (rule node down)", null);
    }

    @Test
    void inhibition_is_checked_before_silences_so_an_alert_muted_by_both_names_its_inhibitor() {
        Silence silence = silence(NOW.minusSeconds(60), NOW.plusSeconds(60), matcher("host", "h1"));
        MuteRules rules = new MuteRules(List.of(silence), List.of(nodeDownMutesWarningsOnItsHost()));

        assertThat(rules.reasons(List.of(loadOnH1), firing(nodeDown), NOW))
                .containsExactly("inhibited by alert " + nodeDown.alertId() + " (rule node down)");
        // the source itself is only silenced
        assertThat(rules.reasons(List.of(nodeDown), firing(nodeDown), NOW))
                .containsExactly("silenced by " + silence.id + " (ops: maintenance)");
    }

    private static InhibitRule nodeDownMutesWarningsOnItsHost() {
        InhibitRule rule = new InhibitRule();
        rule.id = UUID.randomUUID();
        rule.name = "node down";
        rule.sourceMatchers = List.of(matcher("alertname", "NodeDown"));
        rule.targetMatchers = List.of(matcher("severity", "warning"));
        rule.equal = List.of("host");
        return rule;
    }

    private static Silence silence(Instant startsAt, Instant endsAt, LabelMatcher... matchers) {
        Silence s = new Silence();
        s.id = UUID.randomUUID();
        s.matchers = Arrays.asList(matchers);
        s.startsAt = startsAt;
        s.endsAt = endsAt;
        s.createdBy = "ops";
        s.comment = "maintenance";
        return s;
    }

    private static Map<UUID, Map<String, String>> firing(AlertEvent... alerts) {
        Map<UUID, Map<String, String>> firing = new LinkedHashMap<>();
        for (AlertEvent a : alerts) {
            firing.put(a.alertId(), AlertLabels.of(a));
        }
        return firing;
    }

    private static LabelMatcher matcher(String label, String value) {
        return new LabelMatcher(label, "=", value);
    }

    private static AlertEvent alert(String name, Severity severity, String host) {
        return new AlertEvent(
                UUID.randomUUID(),
                UUID.randomUUID().toString().substring(0, 16),
                "rule",
                name,
                "threshold",
                AlertStatus.FIRING,
                severity,
                name,
                null,
                host == null ? Map.of("alertname", name) : Map.of("alertname", name, "host", host),
                Map.of(),
                null,
                null,
                NOW,
                null,
                null,
                null);
    }
}
