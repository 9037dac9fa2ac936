package io.watchkeeper.evaluator.engine;

import static io.restassured.RestAssured.given;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.watchkeeper.contracts.Topics;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.AlertStatus;
import io.watchkeeper.contracts.event.Severity;
import io.watchkeeper.platform.outbox.Outbox;
import io.watchkeeper.testsupport.Waits;
import io.watchkeeper.testsupport.WatchkeeperTestResource;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The broker out of reach for 30 s while upstream producers go on writing metrics (the companion reaches it); an event
 * committed meanwhile shows in the outbox backlog gauge (nothing is published, so the relay's timers say nothing).
 */
@QuarkusTest
@QuarkusTestResource(
        value = WatchkeeperTestResource.class,
        restrictToAnnotatedClass = true,
        initArgs = {
            @ResourceArg(name = "service", value = "evaluator"),
            @ResourceArg(name = "brokerBehindProxy", value = "true")
        })
class BrokerOutageTest extends AlertsThroughAnOutage {

    @Inject
    Outbox outbox;

    @Override
    void whileDown() {
        AlertEvent held = new AlertEvent(
                UUID.randomUUID(),
                "outbox-backlog-" + UUID.randomUUID(),
                UUID.randomUUID().toString(),
                "backlog",
                "absence",
                AlertStatus.FIRING,
                Severity.INFO,
                "held while the broker is down",
                null,
                Map.of(),
                Map.of(),
                null,
                null,
                Instant.now(),
                null,
                null,
                null);
        try {
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                    () -> outbox.add(Topics.ALERTS, held.fingerprint(), CloudEvent.of("test", held))));
        } catch (Throwable e) {
            throw new AssertionError("the event was not committed", e);
        }
        Waits.flow()
                .until(() -> gauge("watchkeeper_outbox_pending") >= 1
                        && gauge("watchkeeper_outbox_oldest_pending_seconds") >= 1);
    }

    private static double gauge(String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*})? ([0-9.E]+)$")
                .matcher(given().get("/q/metrics").asString());
        return m.find() ? Double.parseDouble(m.group(2)) : -1;
    }
}
