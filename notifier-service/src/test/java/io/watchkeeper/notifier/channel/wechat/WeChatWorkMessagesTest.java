package io.watchkeeper.notifier.channel.wechat;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.AlertStatus;
import io.watchkeeper.contracts.event.Severity;
import io.watchkeeper.notifier.channel.AlertText;
import io.watchkeeper.notifier.channel.ChannelSettings;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class WeChatWorkMessagesTest {

    private static AlertEvent alert(AlertStatus status, String message) {
        return new AlertEvent(
                UUID.randomUUID(),
                "1a30ba71cca2921f",
                "r-1",
                "backups",
                "absence",
                status,
                Severity.CRITICAL,
                "backups: no heartbeat from slug=nightly-backup for 3m",
                message,
                Map.of("slug", "nightly-backup"),
                Map.of(),
                null,
                null,
                Instant.parse("2026-11-22T08:03:00Z"),
                status == AlertStatus.RESOLVED ? Instant.parse("2026-11-22T08:10:00Z") : null,
                null,
                null);
    }

    private static AlertText.Words words(String detail) {
        return new AlertText.Words(
                "[FIRING] backups: no heartbeat from slug=nightly-backup for 3m",
                List.of(detail, "severity: critical"));
    }

    private static ChannelSettings settings(List<String> mobiles, List<String> users, String format) {
        return new ChannelSettings(mobiles, users, format, null, null, null);
    }

    @Test
    void a_text_message_carries_the_words_and_mentions() {
        JsonObject body = WeChatWorkMessages.text(
                words("silent since 08:03"), settings(List.of("13800001111", "@all"), List.of("wangqing"), null));

        assertThat(body.getString("msgtype")).isEqualTo("text");
        JsonObject text = body.getJsonObject("text");
        assertThat(text.getString("content"))
                .isEqualTo(
                        "[FIRING] backups: no heartbeat from slug=nightly-backup for 3m\nsilent since 08:03\nseverity: critical");
        assertThat(text.getJsonArray("mentioned_mobile_list").getList()).containsExactly("13800001111", "@all");
        assertThat(text.getJsonArray("mentioned_list").getList()).containsExactly("wangqing");
    }

    @Test
    void markdown_colours_the_headline_and_mentions_users_only() {
        JsonObject body = WeChatWorkMessages.of(
                words("silent"),
                alert(AlertStatus.RESOLVED, null),
                settings(List.of("13800001111"), List.of("wangqing"), "markdown"));

        assertThat(body.getString("msgtype")).isEqualTo("markdown");
        assertThat(body.getJsonObject("markdown").getString("content"))
                .startsWith("<font color=\"info\">**[FIRING] backups")
                .contains("> silent")
                .endsWith(" <@wangqing>")
                .doesNotContain("13800001111");
    }

    @Test
    void content_is_cut_to_2048_bytes_with_a_marker_without_splitting_a_character() {
        String content = WeChatWorkMessages.text(words("余额不足".repeat(400)), settings(null, null, null))
                .getJsonObject("text")
                .getString("content");

        assertThat(content.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(2048);
        assertThat(content).endsWith("…(truncated)");
        assertThat(content).doesNotContain("\uFFFD");
    }
}
