package io.watchkeeper.notifier.channel.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.AlertStatus;
import io.watchkeeper.contracts.event.Severity;
import io.watchkeeper.notifier.channel.ChannelSettings;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class WeChatWorkMessagesTest {

    private static AlertEvent alert(AlertStatus status, String message) {
        return new AlertEvent(UUID.randomUUID(), "1a30ba71cca2921f", "r-1", "backups", "absence", status,
                Severity.CRITICAL, "backups: no heartbeat from slug=nightly-backup for 3m", message,
                Map.of("slug", "nightly-backup"), Map.of(), null, null, Instant.parse("2026-11-22T08:03:00Z"),
                status == AlertStatus.RESOLVED ? Instant.parse("2026-11-22T08:10:00Z") : null, null, null);
    }

    @Test
    void a_text_message_names_state_title_and_mentions() {
        JsonObject body = WeChatWorkMessages.text(alert(AlertStatus.FIRING, "late"),
                new ChannelSettings(List.of("13800001111", "@all"), List.of("wangqing"), null, null, null));

        assertThat(body.getString("msgtype")).isEqualTo("text");
        JsonObject text = body.getJsonObject("text");
        assertThat(text.getString("content"))
                .startsWith("[FIRING] backups: no heartbeat from slug=nightly-backup for 3m")
                .contains("severity: critical").contains("slug=nightly-backup");
        assertThat(text.getJsonArray("mentioned_mobile_list").getList()).containsExactly("13800001111", "@all");
        assertThat(text.getJsonArray("mentioned_list").getList()).containsExactly("wangqing");
    }

    @Test
    void a_resolved_message_says_when() {
        String content = WeChatWorkMessages.text(alert(AlertStatus.RESOLVED, null), new ChannelSettings(null, null, null, null, null))
                .getJsonObject("text").getString("content");

        assertThat(content).startsWith("[RESOLVED] ").contains("resolved at 2026-11-22T08:10:00Z");
    }

    @Test
    void content_is_cut_to_2048_bytes_with_a_marker_without_splitting_a_character() {
        String content = WeChatWorkMessages.text(alert(AlertStatus.FIRING, "余额不足".repeat(400)),
                new ChannelSettings(null, null, null, null, null)).getJsonObject("text").getString("content");

        assertThat(content.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(2048);
        assertThat(content).endsWith("…(truncated)");
        assertThat(content).doesNotContain("\uFFFD");
    }
}
