package io.watchkeeper.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.watchkeeper.contracts.Topics;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.cloudevents.CloudEventCodec;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.AlertStatus;
import io.watchkeeper.contracts.event.MetricEvent;
import io.watchkeeper.contracts.event.MetricKind;
import io.watchkeeper.testsupport.KafkaRecords;
import io.watchkeeper.testsupport.MalformedRecords;
import io.watchkeeper.testsupport.OidcStub;
import io.watchkeeper.testsupport.TestDatabases;
import io.watchkeeper.testsupport.TestInfra;
import io.watchkeeper.testsupport.TestTokens;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The evaluator under a stream that flips {@value #SERIES} series above and below a threshold
 * {@value #STEPS} times: killed with SIGKILL mid-stream and restarted, or run as two instances in one
 * consumer group, it publishes every expected alert state — none lost, none published as two states.
 */
class EvaluatorRecoveryIT {

    private static final int SERIES = 100;
    private static final int STEPS = 20;
    private static final CloudEventCodec CODEC = CloudEventCodec.instance();

    private static WireMockServer stubs;
    private static String issuer;
    private static String token;
    private static KafkaCompanion kafka;

    @BeforeAll
    static void start() {
        stubs = new WireMockServer(
                WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        stubs.start();
        issuer = OidcStub.serve(stubs, "e2e-recovery");
        token = "Bearer " + TestTokens.token(issuer, "ada", null, "admin");
        kafka = new KafkaCompanion(TestInfra.kafkaBootstrap());
    }

    @AfterAll
    static void stop() {
        kafka.close();
        stubs.stop();
    }

    @Test
    void killed_mid_stream_and_restarted_it_loses_no_alert_and_publishes_none_twice() throws Exception {
        String run = "crash-" + UUID.randomUUID().toString().substring(0, 8);
        try (Services services = new Services(issuer);
                ConsumerTask<String, byte[]> alerts = alertsOf(run)) {
            String db = services.database("recovery");
            Map<String, String> env = env(run);
            ServiceProcess first = services.start("evaluator-service", db, env);
            services.awaitReady();
            createRule(first, run);

            Instant base = Instant.now()
                    .truncatedTo(java.time.temporal.ChronoUnit.MILLIS)
                    .minusSeconds(STEPS + 30);
            produce(run, base, 0, STEPS / 2);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> states(alerts, run).size() >= SERIES);
            first.kill();
            System.out.printf(
                    "e2e: evaluator killed after %d alert states%n",
                    states(alerts, run).size());

            produce(run, base, STEPS / 2, STEPS);
            ServiceProcess second = services.start("evaluator-service", db, env);
            second.awaitReady(Duration.ofSeconds(90));
            assertEveryStateOnce(alerts, run, base);
        }
    }

    /**
     * The issue-18 scenario end to end: a cold start over 10,000 malformed records (a fresh group whose offsets are
     * where the bad records begin) that alerts within 5 s of the next valid metrics, then a SIGKILL and a restart under the same {@code WK_EVALUATOR_INSTANCE_ID} with the
     * default 45 s session timeout — static membership gives the partitions back at once, so the restarted instance is
     * ready (partitions assigned included) and alerting within seconds, not after the old member's session expires.
     */
    @Test
    void a_cold_start_over_a_backlog_of_bad_records_alerts_and_a_restart_under_its_id_alerts_within_seconds()
            throws Exception {
        String run = "static-" + UUID.randomUUID().toString().substring(0, 8);
        MetricEvent sample = new MetricEvent(
                "e2e_flip",
                MetricKind.BALANCE,
                BigDecimal.ONE,
                null,
                Map.of("run", run, "series", "sample"),
                Instant.now());
        // the new group starts where the bad records do: a cold start over them, not over everything the build
        // wrote to the topic before
        Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> start =
                new HashMap<>();
        KafkaRecords.endOffsets(kafka, Topics.METRICS)
                .forEach((tp, end) -> start.put(tp, new org.apache.kafka.clients.consumer.OffsetAndMetadata(end)));
        kafka.getOrCreateAdminClient()
                .alterConsumerGroupOffsets("e2e-" + run, start)
                .all()
                .get();
        kafka.produce(String.class, byte[].class)
                .fromRecords(MalformedRecords.mixed(Topics.METRICS, CloudEvent.of("e2e", sample), run, 10_000))
                .awaitCompletion(Duration.ofMinutes(2));
        try (Services services = new Services(issuer);
                ConsumerTask<String, byte[]> alerts = alertsOf(run)) {
            String db = services.database("static");
            Map<String, String> env = Map.of(
                    "WK_EVALUATOR_GROUP",
                    "e2e-" + run,
                    "WK_EVALUATOR_INSTANCE_ID",
                    run,
                    "WK_EVALUATOR_CHECKPOINT_INTERVAL",
                    "2s");
            ServiceProcess first = services.start("evaluator-service", db, env);
            services.awaitReady();
            createRule(first, run);
            Instant base = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            Instant sent = Instant.now();
            produce(run, base, 0, 1);
            // the bound: the next valid metric fires within 5 s; all 100 (a fresh JVM's first transactions)
            // within 10 s
            await().atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> !states(alerts, run).isEmpty());
            long firstMs = Duration.between(sent, Instant.now()).toMillis();
            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> states(alerts, run).size() >= SERIES);
            System.out.printf(
                    "e2e: after a cold start over 10,000 bad records, the first alert %d ms and all %d %d ms "
                            + "after their metrics%n",
                    firstMs, SERIES, Duration.between(sent, Instant.now()).toMillis());

            // what is measured is getting the partitions back, not replaying the stretch after the last checkpoint
            // (up to WK_EVALUATOR_CHECKPOINT_INTERVAL of a cold start: here, the 10,000 bad records again)
            awaitCheckpointAtEnd(db);
            first.kill();
            Instant restarted = Instant.now();
            ServiceProcess second = services.start("evaluator-service", db, env);
            second.awaitReady(Duration.ofSeconds(90));
            Duration ready = Duration.between(restarted, Instant.now());
            sent = Instant.now();
            produce(run, base, 1, 2);
            // a fresh JVM commits its first transitions slowly (100 took 1.8 s, ~50 ms once warm: connections opened,
            // statements prepared, code compiled), then the relay publishes them: 3–5 s here
            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> states(alerts, run).size() >= 2 * SERIES);
            System.out.printf(
                    "e2e: restarted under its id: ready (partitions assigned) %d ms after the start, "
                            + "resolved %d ms after their metrics%n",
                    ready.toMillis(), Duration.between(sent, Instant.now()).toMillis());
            assertThat(ready)
                    .as("the old member's session (45 s) was not waited for")
                    .isLessThan(Duration.ofSeconds(30));
        }
    }

    @Test
    void two_instances_in_one_group_split_the_partitions_and_publish_what_one_would() throws Exception {
        String run = "pair-" + UUID.randomUUID().toString().substring(0, 8);
        try (Services services = new Services(issuer);
                ConsumerTask<String, byte[]> alerts = alertsOf(run)) {
            String db = services.database("pair");
            Map<String, String> env = env(run);
            // the first migrates the fresh database; two migrating it at once race on Liquibase's own lock table
            // (deployments migrate as an init step, WK_MIGRATE_AT_START)
            ServiceProcess a = services.start("evaluator-service", db, env);
            services.awaitReady();
            ServiceProcess b = services.start("evaluator-service", db, env);
            services.awaitReady();
            createRule(a, run);
            // both own partitions, and b has picked up the rule created through a (within rule-sync)
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> gauge(a, "partitions") > 0
                            && gauge(b, "partitions") > 0
                            && gauge(a, "rules") == 1
                            && gauge(b, "rules") == 1);

            Instant base = Instant.now()
                    .truncatedTo(java.time.temporal.ChronoUnit.MILLIS)
                    .minusSeconds(STEPS + 30);
            produce(run, base, 0, STEPS);
            assertEveryStateOnce(alerts, run, base);
            System.out.printf("e2e: partitions owned: %d + %d%n", gauge(a, "partitions"), gauge(b, "partitions"));
        }
    }

    private static Map<String, String> env(String run) {
        return Map.of(
                "WK_EVALUATOR_GROUP",
                "e2e-" + run,
                "WK_EVALUATOR_CHECKPOINT_INTERVAL",
                "2s",
                "WK_EVALUATOR_SESSION_TIMEOUT_MS",
                "10000");
    }

    /** Series i goes above the threshold at every even step and below it at every odd one. */
    private static void produce(String run, Instant base, int fromStep, int toStep) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int step = fromStep; step < toStep; step++) {
            for (int i = 0; i < SERIES; i++) {
                MetricEvent m = new MetricEvent(
                        "e2e_flip",
                        MetricKind.BALANCE,
                        BigDecimal.valueOf(step % 2 == 0 ? 150 : 50),
                        null,
                        Map.of("run", run, "series", "s" + i),
                        base.plusSeconds(step));
                records.add(KafkaRecords.cloudEvent(Topics.METRICS, m.seriesKey(), CloudEvent.of("e2e", m)));
            }
        }
        kafka.produce(String.class, byte[].class).fromRecords(records).awaitCompletion(Duration.ofSeconds(60));
    }

    /**
     * Every series fires at each even step (the episode starts at that event's time) and resolves at the
     * next: STEPS / 2 alerts per series, each published once as firing and once as resolved. A record the
     * relay sent again after the crash carries the same ce_id — a recognisable duplicate, counted apart.
     */
    private static void assertEveryStateOnce(ConsumerTask<String, byte[]> alerts, String run, Instant base) {
        int expected = SERIES * STEPS;
        long started = System.nanoTime();
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(5))
                .until(() -> {
                    int seen = states(alerts, run).size();
                    System.out.printf(
                            "e2e: %d of %d alert states after %d s%n",
                            seen, expected, (System.nanoTime() - started) / 1_000_000_000);
                    return seen >= expected;
                });
        await().during(Duration.ofSeconds(5))
                .atMost(Duration.ofSeconds(8))
                .until(() -> states(alerts, run).size() == expected);
        Map<String, AlertEvent> byId = states(alerts, run);
        Map<String, Set<Instant>> firedStarts = new HashMap<>();
        Map<UUID, List<AlertStatus>> byAlert = new HashMap<>();
        byId.values().forEach(a -> {
            byAlert.computeIfAbsent(a.alertId(), x -> new ArrayList<>()).add(a.status());
            if (a.status() == AlertStatus.FIRING) {
                firedStarts
                        .computeIfAbsent(a.labels().get("series"), x -> new TreeSet<>())
                        .add(a.startsAt());
            }
        });
        Set<Instant> expectedStarts = new HashSet<>();
        for (int step = 0; step < STEPS; step += 2) {
            expectedStarts.add(base.plusSeconds(step));
        }
        assertThat(firedStarts).hasSize(SERIES);
        firedStarts.forEach((series, starts) -> assertThat(starts).as(series).isEqualTo(expectedStarts));
        assertThat(byAlert).hasSize(SERIES * STEPS / 2);
        byAlert.forEach((id, statuses) -> assertThat(statuses)
                .as(id.toString())
                .containsExactlyInAnyOrder(AlertStatus.FIRING, AlertStatus.RESOLVED));
        long records =
                alerts.getRecords().stream().filter(r -> run.equals(runOf(r))).count();
        System.out.printf(
                "e2e: %d alert states, %d records (%d re-sent with the same ce_id)%n",
                byId.size(), records, records - byId.size());
    }

    /**
     * The run's alert records from now on. Filtered as they arrive: the topic holds every alert the whole build
     * published, and decoding them all on each poll took seconds on CI (the 5 s bounds measured the test).
     */
    private static ConsumerTask<String, byte[]> alertsOf(String run) {
        return KafkaRecords.fromNow(
                kafka, Topics.ALERTS, r -> new String(r.value(), StandardCharsets.UTF_8).contains(run));
    }

    /** The run's alert states by ce_id (alert id + version). */
    private static Map<String, AlertEvent> states(ConsumerTask<String, byte[]> alerts, String run) {
        Map<String, AlertEvent> out = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : alerts.getRecords()) {
            if (run.equals(runOf(r))) {
                out.put(
                        KafkaRecords.header(r, "ce_id"),
                        CODEC.decode(r.headers(), r.value(), AlertEvent.class).data());
            }
        }
        return out;
    }

    private static String runOf(ConsumerRecord<String, byte[]> r) {
        try {
            return CODEC.decode(r.headers(), r.value(), AlertEvent.class)
                    .data()
                    .labels()
                    .get("run");
        } catch (RuntimeException other) {
            return null;
        }
    }

    private static void createRule(ServiceProcess evaluator, String run) {
        given().baseUri(evaluator.url())
                .header("Authorization", token)
                .contentType(ContentType.JSON)
                .body(
                        """
                {"name":"flip %s","type":"threshold","cooldownMinutes":0,"maxAlertsPerDay":10000,
                 "matchers":[{"label":"run","op":"=","value":"%s"}],
                 "condition":{"metric":"e2e_flip","aggregation":"last","window":"10m","operator":">","threshold":100}}"""
                                .formatted(run, run))
                .post("/api/v1/rules")
                .then()
                .statusCode(201);
    }

    /** Waits until the evaluator's checkpoint is at the end of every partition of the metric topic. */
    private static void awaitCheckpointAtEnd(String db) {
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    Map<Integer, Long> checkpointed = new HashMap<>();
                    try (Connection c = DriverManager.getConnection(
                                    TestDatabases.jdbcUrl(db), TestInfra.pgUser(), TestInfra.pgPassword());
                            ResultSet rows = c.createStatement()
                                    .executeQuery("SELECT partition, next_offset FROM engine_checkpoint")) {
                        while (rows.next()) {
                            checkpointed.put(rows.getInt(1), rows.getLong(2));
                        }
                    }
                    KafkaRecords.endOffsets(kafka, Topics.METRICS)
                            .forEach((tp, end) -> assertThat(checkpointed.getOrDefault(tp.partition(), 0L))
                                    .as("checkpoint of %s", tp)
                                    .isEqualTo(end));
                });
    }

    private static int gauge(ServiceProcess evaluator, String name) {
        String metrics = given().baseUri(evaluator.url())
                .get("/q/metrics")
                .then()
                .extract()
                .asString();
        return metrics.lines()
                .filter(l -> l.startsWith("watchkeeper_evaluator_" + name + " "))
                .mapToInt(l -> (int) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElse(0);
    }
}
