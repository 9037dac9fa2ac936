package io.watchkeeper.notifier.delivery;

import static io.watchkeeper.notifier.NotifierFixture.metric;
import static io.watchkeeper.notifier.NotifierFixture.publishMany;
import static io.watchkeeper.notifier.NotifierFixture.receiver;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.watchkeeper.notifier.NotifierFixture.Receiver;
import io.watchkeeper.notifier.NotifierTest;
import io.watchkeeper.testsupport.InjectWireMock;
import io.watchkeeper.testsupport.Waits;
import java.util.HashSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A dispatcher pass starts no send after one send timeout (here 1 s): with a slow endpoint, what a pass claimed but
 * could not start is held back to the next pass — never sent twice, never left to an expired lease.
 */
@NotifierTest
@TestProfile(DispatchBudgetTest.OneSecondSends.class)
class DispatchBudgetTest {

    public static class OneSecondSends implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("watchkeeper.notifier.send-timeout", "1s");
        }
    }

    private static final int ALERTS = 150;

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @InjectWireMock
    WireMockServer wireMock;

    @Test
    void a_pass_that_runs_out_of_time_leaves_the_rest_to_the_next_and_sends_everything_once() {
        // 400 ms: chunks of 32 start at 0, 0.4, 0.8 s, the rest waits for the next pass; and far enough below the 1 s
        // timeout that a loaded machine does not time a send out (a timed-out send is retried: received twice)
        Receiver slow = receiver(wireMock, 400, "");
        double heldBefore = held();

        // all at once, so that one pass claims more than it can send within the budget
        publishMany(kafka, slow, ALERTS);

        Waits.recovery().until(() -> slow.received().size() >= ALERTS);
        Waits.quiet().until(() -> slow.received().size() == ALERTS);
        assertThat(new HashSet<>(slow.received())).hasSize(ALERTS);
        assertThat(held() - heldBefore).as("deliveries a pass left to the next").isPositive();
    }

    /** watchkeeper_notifier_deliveries_held_total for the channel type. */
    private static double held() {
        return metric("watchkeeper_notifier_deliveries_held_total", "integration=\"alertmanager_webhook\"");
    }
}
