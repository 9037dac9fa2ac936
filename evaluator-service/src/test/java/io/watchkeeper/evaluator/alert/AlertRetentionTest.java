package io.watchkeeper.evaluator.alert;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.watchkeeper.evaluator.EvaluatorTest;
import io.watchkeeper.testsupport.TestTokens;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Alert history older than the retention (90 days) is forgotten; open alerts and recent history stay. */
@EvaluatorTest
class AlertRetentionTest {

    @Inject
    AlertRetention retention;

    @Inject
    Pool pool;

    @Test
    void alerts_that_ended_before_the_retention_go_with_their_history_and_runs() {
        Instant now = Instant.now();
        UUID ancient = alert(now.minus(200, ChronoUnit.DAYS), now.minus(91, ChronoUnit.DAYS));
        UUID recent = alert(now.minus(200, ChronoUnit.DAYS), now.minus(89, ChronoUnit.DAYS));
        UUID stillOpen = alert(now.minus(200, ChronoUnit.DAYS), null);
        sql(
                "INSERT INTO alert_action (event_id, alert_id, action_id, name, result, trigger, actor, at)"
                        + " VALUES ($1, $2, 'a', 'restart', 'done', 'automatic', 'notifier', $3)",
                ancient + ".done.1",
                ancient,
                now.minus(150, ChronoUnit.DAYS));

        retention.prune(now).await().atMost(Duration.ofSeconds(10));

        assertThat(count("SELECT count(*) FROM alert WHERE id = $1", ancient)).isZero();
        assertThat(count("SELECT count(*) FROM alert_transition WHERE alert_id = $1", ancient))
                .isZero();
        assertThat(count("SELECT count(*) FROM alert_action WHERE alert_id = $1", ancient))
                .isZero();
        assertThat(count("SELECT count(*) FROM alert WHERE id = $1", recent)).isOne();
        assertThat(count("SELECT count(*) FROM alert_transition WHERE alert_id = $1", recent))
                .isOne();
        assertThat(count("SELECT count(*) FROM alert WHERE id = $1", stillOpen)).isOne();
        given().header("Authorization", TestTokens.bearer("vera", "viewer"))
                .when()
                .get("/api/v1/alerts/" + ancient)
                .then()
                .statusCode(404);
    }

    /** An alert of a rule that is not there (fine for history), with one transition. */
    private UUID alert(Instant startsAt, Instant endsAt) {
        UUID id = UUID.randomUUID();
        sql(
                "INSERT INTO alert (id, fingerprint, rule_id, rule_name, type, status, severity, title, labels, annotations,"
                        + " starts_at, ends_at, version, updated_at) VALUES ($1, $2, $3, 'old', 'threshold', $4, 'warning', 'old',"
                        + " '{}'::jsonb, '{}'::jsonb, $5, $6, 1, $5)",
                id,
                id.toString().substring(0, 16),
                UUID.randomUUID(),
                endsAt == null ? "firing" : "resolved",
                startsAt,
                endsAt);
        sql(
                "INSERT INTO alert_transition (alert_id, at, to_state, actor) VALUES ($1, $2, 'firing', 'engine')",
                id,
                startsAt);
        return id;
    }

    private void sql(String statement, Object... params) {
        pool.preparedQuery(statement)
                .execute(Tuple.from(Arrays.stream(params)
                        .map(p -> p instanceof Instant i ? i.atOffset(ZoneOffset.UTC) : p)
                        .toList()))
                .await()
                .atMost(Duration.ofSeconds(10));
    }

    private long count(String query, UUID id) {
        return pool.preparedQuery(query)
                .execute(Tuple.of(id))
                .await()
                .atMost(Duration.ofSeconds(10))
                .iterator()
                .next()
                .getLong(0);
    }
}
