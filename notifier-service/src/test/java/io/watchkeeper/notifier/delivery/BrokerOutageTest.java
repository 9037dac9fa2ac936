package io.watchkeeper.notifier.delivery;

import static io.watchkeeper.notifier.NotifierFixture.deliveries;
import static io.watchkeeper.notifier.NotifierFixture.metric;
import static io.watchkeeper.notifier.NotifierFixture.receiver;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.watchkeeper.contracts.Topics;
import io.watchkeeper.contracts.cloudevents.CloudEventCodec;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.DeliveryEvent;
import io.watchkeeper.notifier.NotifierFixture;
import io.watchkeeper.notifier.NotifierFixture.Receiver;
import io.watchkeeper.testsupport.InjectWireMock;
import io.watchkeeper.testsupport.KafkaRecords;
import io.watchkeeper.testsupport.TcpProxy;
import io.watchkeeper.testsupport.Waits;
import io.watchkeeper.testsupport.WatchkeeperTestResource;
import io.watchkeeper.testsupport.WireMockResource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The broker goes down under the service (every connection reset, new ones refused) and comes back: what was being
 * sent is sent and recorded meanwhile, its announcement waits in the outbox (the relay's passes fail and roll back),
 * alerts published meanwhile are taken once the broker is back — and in the end every alert is delivered once and
 * every step of every delivery is on {@code wk.deliveries.v1}.
 */
@QuarkusTest
@TestProfile(BrokerOutageTest.ShortProducerTimeouts.class)
@QuarkusTestResource(
        value = WatchkeeperTestResource.class,
        restrictToAnnotatedClass = true,
        initArgs = {
            @ResourceArg(name = "service", value = "notifier"),
            @ResourceArg(name = "brokerBehindProxy", value = "true")
        })
@QuarkusTestResource(WireMockResource.class)
class BrokerOutageTest {

    /**
     * The producer waits 2 s for a broker (60 s by default) and 4 s for an acknowledgement (120 s): the relay's
     * passes fail within the outage.
     */
    public static class ShortProducerTimeouts implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "mp.messaging.outgoing.wk-outbox.max.block.ms",
                    "2000",
                    "mp.messaging.outgoing.wk-outbox.delivery.timeout.ms",
                    "4000",
                    "mp.messaging.outgoing.wk-outbox.request.timeout.ms",
                    "2000");
        }
    }

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @InjectWireMock
    WireMockServer wireMock;

    TcpProxy broker;

    @Test
    void what_happens_while_the_broker_is_down_is_delivered_and_announced_once_it_is_back() {
        // each send takes 3 s: the first alerts' sends are under way when the broker goes
        Receiver receiver = receiver(wireMock, 3_000, "");
        ConsumerTask<String, byte[]> announced =
                kafka.consume(String.class, byte[].class).fromTopics(Topics.DELIVERIES);
        try {
            List<AlertEvent> before = NotifierFixture.publishMany(kafka, receiver, 20);
            Waits.flow().until(() -> before.stream()
                    .allMatch(alert -> events(announced, alert).contains(DeliveryEvent.Status.PENDING)));

            broker.cut();
            List<AlertEvent> during = NotifierFixture.publishMany(kafka, receiver, 3);

            // the sends go on and are recorded; their announcements cannot go out
            Waits.flow()
                    .untilAsserted(
                            () -> before.forEach(alert -> deliveries(alert).body("items[0].status", equalTo("sent"))));
            // the relay's passes fail, roll back and are tried again, each after one wait for the broker (2 s here),
            // not one per announcement waiting (20 of them, each sent through the producer's one sending thread)
            double failures = outboxFailures();
            Waits.flow().until(() -> outboxFailures() >= failures + 3);
            assertThat(before).allSatisfy(alert -> assertThat(events(announced, alert))
                    .doesNotContain(DeliveryEvent.Status.SENT));
            assertThat(receiver.received()).hasSize(20);

            broker.restore();

            // the alerts published in the outage are taken and sent, each once; every step is announced, in order
            List<AlertEvent> all = new ArrayList<>(before);
            all.addAll(during);
            Waits.recovery()
                    .untilAsserted(() -> all.forEach(alert -> assertThat(events(announced, alert))
                            .as("steps announced for alert %s", alert.alertId())
                            .containsExactly(DeliveryEvent.Status.PENDING, DeliveryEvent.Status.SENT)));
            Waits.quiet().until(() -> receiver.received().size() == 23);
            all.forEach(alert -> deliveries(alert)
                    .body("total", equalTo(1))
                    .body("items[0].status", equalTo("sent"))
                    .body("items[0].attempts", equalTo(1)));
        } finally {
            announced.close();
        }
    }

    /**
     * The steps announced for an alert's delivery, each once, in the order first seen: a record the broker took
     * while its acknowledgement was lost may be published again (consumers skip a repeated {@code ce_id}).
     */
    private static List<DeliveryEvent.Status> events(ConsumerTask<String, byte[]> announced, AlertEvent alert) {
        Set<String> seen = new LinkedHashSet<>();
        List<DeliveryEvent.Status> steps = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : announced.getRecords()) {
            if (alert.alertId().toString().equals(r.key()) && seen.add(KafkaRecords.header(r, CloudEventCodec.CE_ID))) {
                steps.add(CloudEventCodec.instance()
                        .decode(r.headers(), r.value(), DeliveryEvent.class)
                        .data()
                        .status());
            }
        }
        return steps;
    }

    /** Relay passes that failed and rolled back. */
    private static double outboxFailures() {
        return metric("watchkeeper_outbox_failures_total", "");
    }
}
