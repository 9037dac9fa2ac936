package io.watchkeeper.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.Severity;
import io.watchkeeper.notifier.NotifierFixture;
import io.watchkeeper.testsupport.InjectWireMock;
import io.watchkeeper.testsupport.ReadinessWatch;
import io.watchkeeper.testsupport.TcpProxy;
import io.watchkeeper.testsupport.Waits;
import io.watchkeeper.testsupport.WatchkeeperTestResource;
import io.watchkeeper.testsupport.WireMockResource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL down for 30 s while alerts keep coming: readiness DOWN during and UP after without a restart, REST answers
 * 503 problem+json meanwhile, and every alert is delivered once afterwards — none lost, none twice.
 */
@QuarkusTest
@QuarkusTestResource(
        value = WatchkeeperTestResource.class,
        restrictToAnnotatedClass = true,
        initArgs = {
            @ResourceArg(name = "service", value = "notifier"),
            @ResourceArg(name = "databaseBehindProxy", value = "true")
        })
@QuarkusTestResource(WireMockResource.class)
class DatabaseOutageTest {

    private static final int ALERTS = 10;
    private static final Duration OUTAGE = Duration.ofSeconds(30);

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @InjectWireMock
    WireMockServer wireMock;

    TcpProxy database;

    @Test
    void alerts_that_arrive_while_the_database_is_down_are_delivered_once_it_is_back() {
        NotifierFixture.Bot bot = NotifierFixture.bot(wireMock, "");
        try (ReadinessWatch readiness = ReadinessWatch.start()) {
            readiness.await(200, Duration.ofSeconds(10));
            Instant cut = Instant.now();
            database.cut();
            readiness.await(503, Duration.ofSeconds(15));
            NotifierFixture.as("viewer")
                    .get("/api/v1/channels")
                    .then()
                    .statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", "5")
                    .body("status", equalTo(503));

            List<AlertEvent> alerts = new ArrayList<>();
            for (int i = 0; i < ALERTS; i++) {
                AlertEvent alert = NotifierFixture.alert(bot, "outage " + i, Severity.CRITICAL, Map.of());
                alerts.add(alert);
                NotifierFixture.publish(kafka, alert);
            }
            await().atMost(OUTAGE)
                    .pollDelay(OUTAGE.minus(Duration.between(cut, Instant.now())))
                    .until(() -> true);
            assertThat(readiness.last()).isEqualTo(503);
            assertThat(bot.stub().received())
                    .as("sent while the database is down")
                    .isEmpty();
            database.restore();

            readiness.await(200, Duration.ofSeconds(30));
            Waits.recovery().until(() -> bot.stub().received().size() >= ALERTS);
            Waits.quiet().until(() -> bot.stub().received().size() == ALERTS);
            Map<String, Long> perAlert = alerts.stream()
                    .collect(Collectors.toMap(AlertEvent::title, a -> bot.stub().receivedTexts().stream()
                            .filter(t -> t.contains(a.title()))
                            .count()));
            assertThat(perAlert)
                    .allSatisfy((title, count) -> assertThat(count).as(title).isEqualTo(1));
        } finally {
            database.restore();
        }
    }
}
