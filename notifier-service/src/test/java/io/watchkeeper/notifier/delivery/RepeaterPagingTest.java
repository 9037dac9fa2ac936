package io.watchkeeper.notifier.delivery;

import static io.watchkeeper.notifier.NotifierFixture.as;
import static io.watchkeeper.notifier.NotifierFixture.publishMany;
import static io.watchkeeper.notifier.NotifierFixture.receiver;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.watchkeeper.notifier.NotifierFixture.Receiver;
import io.watchkeeper.notifier.NotifierTest;
import io.watchkeeper.platform.kafka.BackgroundWork;
import io.watchkeeper.testsupport.InjectWireMock;
import io.watchkeeper.testsupport.Waits;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The repeater reads firing alerts a page (500) at a time: one check still repeats every due alert, however many.
 * Its timer is off here, so the check the test runs is the only one.
 */
@NotifierTest
@TestProfile(RepeaterPagingTest.ManualChecks.class)
class RepeaterPagingTest {

    public static class ManualChecks implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("watchkeeper.notifier.repeat-check-interval", "off");
        }
    }

    private static final int ALERTS = 600;

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @InjectWireMock
    WireMockServer wireMock;

    @Inject
    Repeater repeater;

    @Inject
    BackgroundWork background;

    @Test
    void one_check_repeats_more_firing_alerts_than_it_reads_at_once() {
        Receiver receiver = receiver(wireMock, 0, "\"repeatInterval\":\"1s\"");
        publishMany(kafka, receiver, ALERTS);
        Waits.recovery().until(() -> receiver.received().size() == ALERTS);

        // once the repeat interval has passed, every one of them is due (other tests' alerts may be too)
        await().pollDelay(Duration.ofMillis(1200)).until(() -> true);
        int repeated = background.isolated(repeater::check).await().atMost(Duration.ofSeconds(30));
        assertThat(repeated).isGreaterThanOrEqualTo(ALERTS);

        Waits.recovery().until(() -> receiver.received().size() == 2 * ALERTS);
        Map<String, Long> messages =
                receiver.received().stream().collect(Collectors.groupingBy(n -> n, Collectors.counting()));
        assertThat(messages).hasSize(ALERTS).allSatisfy((n, count) -> assertThat(count)
                .as("messages for alert " + n)
                .isEqualTo(2));

        // the alerts stay firing in the shared database: their route goes, so other tests' repeaters leave them be
        as("admin").when().delete("/api/v1/routes/" + receiver.routeId()).then().statusCode(204);
    }
}
