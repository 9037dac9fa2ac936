package io.watchkeeper.notifier.route;

import static io.watchkeeper.notifier.NotifierFixture.alert;
import static io.watchkeeper.notifier.NotifierFixture.as;
import static io.watchkeeper.notifier.NotifierFixture.bot;
import static io.watchkeeper.notifier.NotifierFixture.deliveries;
import static io.watchkeeper.notifier.NotifierFixture.publish;
import static io.watchkeeper.notifier.NotifierFixture.publishMany;
import static io.watchkeeper.notifier.NotifierFixture.receiver;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.AlertStatus;
import io.watchkeeper.contracts.event.Severity;
import io.watchkeeper.notifier.NotifierFixture;
import io.watchkeeper.notifier.NotifierFixture.Bot;
import io.watchkeeper.notifier.NotifierFixture.Receiver;
import io.watchkeeper.notifier.NotifierTest;
import io.watchkeeper.testsupport.InjectWireMock;
import io.watchkeeper.testsupport.Waits;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The routing tree, grouping and repeats, from alert events on the real broker to a WeChat Work bot stub; and a route
 * changed by another instance taking effect here.
 */
@NotifierTest
class RoutingTest {

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @InjectWireMock
    WireMockServer wireMock;

    @Inject
    Pool pool;

    @Test
    void alerts_of_one_group_that_arrive_together_go_out_as_one_message_and_later_ones_wait_for_the_group_interval() {
        Bot bot = bot(wireMock, "\"groupBy\":[\"app\"],\"groupWait\":\"2s\",\"groupInterval\":\"4s\"");
        AlertEvent disk = alert(bot, "DiskFull", Severity.WARNING, Map.of("app", "billing"));
        AlertEvent load = alert(bot, "HighLoad", Severity.CRITICAL, Map.of("app", "billing"));
        AlertEvent errors = alert(bot, "Errors", Severity.ERROR, Map.of("app", "billing"));
        AlertEvent search = alert(bot, "Errors", Severity.ERROR, Map.of("app", "search"));
        List.of(disk, load, errors, search).forEach(a -> publish(kafka, a));

        Waits.flow().until(() -> bot.stub().received().size() == 2);
        String billing = bot.stub().receivedTexts().stream()
                .filter(t -> t.contains("app=billing"))
                .findFirst()
                .orElseThrow();
        assertThat(billing)
                .startsWith("[FIRING:3] app=billing")
                .contains("• [FIRING] " + disk.title(), "• [FIRING] " + load.title(), "• [FIRING] " + errors.title());
        assertThat(bot.stub().receivedTexts()).anyMatch(t -> t.startsWith("[FIRING] " + search.title()));
        deliveries(disk)
                .body("items[0].status", equalTo("sent"))
                .body("items[0].groupKey", equalTo("{app=\"billing\"}"));

        // a newcomer to a group that has just spoken waits for the group interval
        AlertEvent late = alert(bot, "Latency", Severity.WARNING, Map.of("app", "billing"));
        publish(kafka, late);
        Waits.flow().until(() -> bot.stub().received().size() == 3);
        assertThat(bot.stub().receivedTexts().get(2)).startsWith("[FIRING] " + late.title());
        Instant first = sentAt(disk, 0);
        assertThat(Duration.between(first, sentAt(late, 0))).isGreaterThanOrEqualTo(Duration.ofSeconds(4));
        // all of the first message was waited for (group wait): it went out at least 2 s after the group opened
        assertThat(Duration.between(disk.startsAt(), first)).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
    }

    @Test
    void a_firing_alert_repeats_with_growing_gaps_and_stops_once_acknowledged() {
        Bot bot = bot(wireMock, "\"repeatInterval\":\"2s\",\"repeatBackoff\":2");
        AlertEvent firing = alert(bot, "BalanceLow", Severity.CRITICAL, Map.of());
        publish(kafka, firing);

        Waits.recovery().until(() -> bot.stub().received().size() == 3);
        assertThat(bot.stub().receivedTexts()).allMatch(t -> t.startsWith("[FIRING] " + firing.title()));
        deliveries(firing).body("items.repeat", hasItems(0, 1, 2)).body("items.status", everyItem(equalTo("sent")));
        Duration firstGap = Duration.between(sentAt(firing, 0), sentAt(firing, 1));
        Duration secondGap = Duration.between(sentAt(firing, 1), sentAt(firing, 2));
        assertThat(firstGap).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(secondGap).isGreaterThanOrEqualTo(Duration.ofSeconds(4));

        publish(kafka, NotifierFixture.as(firing, AlertStatus.ACKNOWLEDGED));
        Waits.flow().until(() -> bot.stub().receivedTexts().stream()
                .anyMatch(t -> t.startsWith("[ACKNOWLEDGED] " + firing.title())));
        int afterAck = bot.stub().received().size();
        // the next repeat was due 8 s after the last; acknowledged, nothing more comes
        await().during(Duration.ofSeconds(10))
                .atMost(Duration.ofSeconds(12))
                .until(() -> bot.stub().received().size() == afterAck);
    }

    @Test
    void the_tree_sends_an_alert_down_the_first_matching_branch_and_inherits_channels_and_settings() {
        Bot bot = bot(wireMock, "\"groupBy\":[\"team\"],\"repeatInterval\":\"1h\"");
        String parent = as("viewer")
                .when()
                .get("/api/v1/routes")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getString("items.find { it.name == 'route-" + bot.route() + "' }.id");
        String critical = as("admin")
                .body(
                        """
                {"name":"critical-%s","parentId":"%s","matchers":[{"label":"severity","op":"=","value":"critical"}],
                 "groupWait":"1s"}"""
                                .formatted(bot.route(), parent))
                .when()
                .post("/api/v1/routes")
                .then()
                .statusCode(201)
                .body("effective.channelIds[0]", equalTo(bot.channelId()))
                .body("effective.groupBy[0]", equalTo("team"))
                .body("effective.groupWait", equalTo("1s"))
                .body("effective.repeatInterval", equalTo("1h"))
                .extract()
                .path("id");

        as("viewer")
                .body(Map.of("labels", Map.of("test_route", bot.route(), "severity", "critical", "team", "db")))
                .when()
                .post("/api/v1/routes/test")
                .then()
                .statusCode(200)
                .body("routes.routeId", equalTo(List.of(critical)))
                .body("routes[0].groupLabels.team", equalTo("db"));
        as("viewer")
                .body(Map.of("labels", Map.of("test_route", bot.route(), "severity", "warning")))
                .when()
                .post("/api/v1/routes/test")
                .then()
                .statusCode(200)
                .body("routes.routeId", equalTo(List.of(parent)));

        AlertEvent crit = alert(bot, "Down", Severity.CRITICAL, Map.of("team", "db"));
        publish(kafka, crit);
        Waits.flow().until(() -> bot.stub().received().size() == 1);
        deliveries(crit).body("items[0].routeId", equalTo(critical));

        // a parent with children cannot go; the default route cannot go at all; a loop is refused
        as("admin").when().delete("/api/v1/routes/" + parent).then().statusCode(409);
        as("admin")
                .when()
                .delete("/api/v1/routes/" + RoutingTree.DEFAULT_ID)
                .then()
                .statusCode(409);
        as("admin")
                .body("""
                {"name":"loop","parentId":"%s"}""".formatted(critical))
                .when()
                .put("/api/v1/routes/" + parent)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("parentId"));
        as("admin")
                .body("""
                {"name":"bad","groupWait":"soon"}""")
                .when()
                .post("/api/v1/routes")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("groupWait"));
        as("admin")
                .body("""
                {"name":"default","matchers":[{"label":"a","op":"=","value":"b"}]}""")
                .when()
                .put("/api/v1/routes/" + RoutingTree.DEFAULT_ID)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("matchers"));
        as("admin").when().delete("/api/v1/routes/" + critical).then().statusCode(204);
    }

    @Test
    void a_group_another_instance_opens_at_the_same_moment_still_waits_for_its_group_wait() {
        Receiver receiver = receiver(wireMock, 0, "\"groupBy\":[\"app\"],\"groupWait\":\"6s\"");
        // another instance opens the group in a transaction it has not committed yet
        SqlConnection other = pool.getConnection().await().atMost(Duration.ofSeconds(5));
        Transaction opening = other.begin().await().atMost(Duration.ofSeconds(5));
        Instant flushAt = other.preparedQuery(
                        """
                        INSERT INTO notification_group (route_id, group_key, channel_id, group_labels, created_at, flush_at)
                        VALUES ($1, '{app="billing"}', $2, '{"app":"billing"}', now(), now() + interval '6 seconds')
                        RETURNING flush_at""")
                .execute(Tuple.of(UUID.fromString(receiver.routeId()), UUID.fromString(receiver.channelId())))
                .await()
                .atMost(Duration.ofSeconds(5))
                .iterator()
                .next()
                .getOffsetDateTime(0)
                .toInstant();
        try {
            AlertEvent alert = alert(receiver.route(), "DiskFull", Severity.WARNING, Map.of("app", "billing"));
            publish(kafka, alert);
            // this instance opens the same group meanwhile: its insert waits for the other's
            Waits.flow()
                    .until(() -> pool.query(
                                            """
                            SELECT count(*) FROM pg_stat_activity
                             WHERE datname = current_database() AND wait_event_type = 'Lock'""")
                                    .execute()
                                    .await()
                                    .atMost(Duration.ofSeconds(5))
                                    .iterator()
                                    .next()
                                    .getLong(0)
                            > 0);
            opening.commit().await().atMost(Duration.ofSeconds(5));

            Waits.flow().until(() -> receiver.received().size() == 1);
            assertThat(sentAt(alert, 0)).isAfterOrEqualTo(flushAt);
        } finally {
            other.close().await().atMost(Duration.ofSeconds(5));
        }
    }

    private static Instant sentAt(AlertEvent alert, int repeat) {
        String at = deliveries(alert)
                .extract()
                .jsonPath()
                .getString("items.find { it.repeat == " + repeat + " && it.alertStatus == 'firing' }.sentAt");
        return Instant.parse(at);
    }

    @Test
    void a_route_changed_by_another_instance_takes_effect_within_the_config_cache() {
        Receiver first = receiver(wireMock, 0, "");
        Receiver second = receiver(wireMock, 0, "");
        publishMany(kafka, first, 1);
        Waits.flow().until(() -> first.received().size() == 1);

        // another instance points the first route at the second receiver's channel, straight in the shared database:
        // this instance learns it only by reading the tree again (at most config-cache, 5 s, later)
        pool.preparedQuery("UPDATE route SET channel_ids = $1 WHERE id = $2")
                .execute(Tuple.of(
                        new Route.ChannelIds().convertToDatabaseColumn(List.of(UUID.fromString(second.channelId()))),
                        UUID.fromString(first.routeId())))
                .await()
                .atMost(Duration.ofSeconds(10));
        // alerts for the first route keep coming; soon they reach the second receiver (its own route never matches
        // them)
        Waits.flow().pollInterval(Duration.ofSeconds(1)).until(() -> {
            publishMany(kafka, first, 1);
            return !second.received().isEmpty();
        });
        as("admin").when().delete("/api/v1/routes/" + first.routeId()).then().statusCode(204);
        as("admin").when().delete("/api/v1/routes/" + second.routeId()).then().statusCode(204);
    }
}
