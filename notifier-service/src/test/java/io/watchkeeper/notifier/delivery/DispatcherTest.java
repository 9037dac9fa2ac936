package io.watchkeeper.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.AlertStatus;
import io.watchkeeper.contracts.event.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** How claimed deliveries become messages, what a message is called, and how long a retry waits. */
class DispatcherTest {

    private static final UUID CHANNEL = UUID.randomUUID();
    private static final UUID OTHER_CHANNEL = UUID.randomUUID();
    private static final UUID ROUTE = UUID.randomUUID();

    @Test
    void deliveries_of_one_group_and_channel_make_one_message_and_ungrouped_ones_go_alone() {
        DispatchQueue.Claimed a = claimed(CHANNEL, ROUTE, "team=db");
        DispatchQueue.Claimed b = claimed(CHANNEL, ROUTE, "team=web");
        DispatchQueue.Claimed c = claimed(CHANNEL, ROUTE, "team=db");
        DispatchQueue.Claimed d = claimed(OTHER_CHANNEL, ROUTE, "team=db");
        DispatchQueue.Claimed old1 = claimed(CHANNEL, null, null);
        DispatchQueue.Claimed old2 = claimed(CHANNEL, null, null);

        assertThat(Dispatcher.messages(List.of(a, b, c, d, old1, old2)))
                .containsExactly(List.of(a, c), List.of(b), List.of(d), List.of(old1), List.of(old2));
    }

    @Test
    void a_message_keeps_its_id_on_every_retry_whatever_order_its_deliveries_come_in() {
        DispatchQueue.Claimed a = claimed(CHANNEL, ROUTE, "g");
        DispatchQueue.Claimed b = claimed(CHANNEL, ROUTE, "g");

        assertThat(Dispatcher.notificationId(List.of(a))).isEqualTo(a.id().toString());
        assertThat(Dispatcher.notificationId(List.of(a, b)))
                .isEqualTo(Dispatcher.notificationId(List.of(b, a)))
                .isNotEqualTo(a.id().toString())
                .isNotEqualTo(b.id().toString());
        assertThat(Dispatcher.notificationId(List.of(a, b)))
                .isNotEqualTo(Dispatcher.notificationId(List.of(a, claimed(CHANNEL, ROUTE, "g"))));
    }

    @Test
    void each_retry_waits_twice_as_long_with_up_to_a_fifth_more_and_never_past_five_minutes() {
        IntStream.rangeClosed(1, 12).forEach(attempt -> {
            long base = Math.min(300_000L, 1000L << (attempt - 1));
            for (int i = 0; i < 50; i++) {
                assertThat(Dispatcher.backoff(attempt).toMillis()).isBetween(base, base + base / 5);
            }
        });
        assertThat(Dispatcher.backoff(1000)).isLessThanOrEqualTo(Duration.ofMinutes(6));
    }

    private static DispatchQueue.Claimed claimed(UUID channel, UUID route, String groupKey) {
        AlertEvent alert = new AlertEvent(
                UUID.randomUUID(),
                "0000000000000000",
                null,
                "r",
                "threshold",
                AlertStatus.FIRING,
                Severity.WARNING,
                "t",
                null,
                Map.of(),
                Map.of(),
                null,
                null,
                Instant.EPOCH,
                null,
                null,
                null);
        return new DispatchQueue.Claimed(UUID.randomUUID(), channel, alert, 1, route, groupKey, Map.of());
    }
}
