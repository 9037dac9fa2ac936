package io.watchkeeper.collector.source;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.watchkeeper.collector.source.poll.Poller;
import io.watchkeeper.testsupport.InjectWireMock;
import io.watchkeeper.testsupport.TestTokens;
import io.watchkeeper.testsupport.WatchkeeperTestResource;
import io.watchkeeper.testsupport.WireMockResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Polling-cycle benchmark (not part of the default test run: surefire picks up *Test classes only).
 * 1,000 sources against a stub that answers in 50 ms; each cycle makes every source due at once and measures
 * until every one has a new successful poll recorded (HTTP call, Kafka publish, database write).
 *
 * <pre>deploy/local/test.sh -pl collector-service -am -Dtest=PollingBench -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
@QuarkusTest
@QuarkusTestResource(
        value = WatchkeeperTestResource.class,
        restrictToAnnotatedClass = true,
        initArgs = @ResourceArg(name = "service", value = "collectorbench"))
@QuarkusTestResource(WireMockResource.class)
class PollingBench {

    static final int SOURCES = 1000;
    static final int CYCLES = 5;

    @InjectWireMock
    WireMockServer stub;

    @Inject
    Pool pool;

    @Inject
    Poller poller;

    @Test
    void one_cycle_of_1000_sources() {
        stub.stubFor(get(urlEqualTo("/bench/user/balance"))
                .willReturn(okJson(
                                "{\"is_available\":true,\"balance_infos\":[{\"currency\":\"CNY\",\"total_balance\":\"110.00\"}]}")
                        .withFixedDelay(50)));
        for (int i = 0; i < SOURCES; i++) {
            given().header("Authorization", TestTokens.bearer("ada", "admin"))
                    .contentType(ContentType.JSON)
                    .body("{\"name\":\"bench-" + i + "\",\"provider\":\"deepseek\",\"baseUrl\":\"" + stub.baseUrl()
                            + "/bench\",\"credential\":\"sk-bench-0000000000\",\"pollInterval\":\"1h\"}")
                    .when()
                    .post("/api/v1/sources")
                    .then()
                    .statusCode(201);
        }
        awaitAllPolledSince(Instant.EPOCH, Duration.ofMinutes(2));

        List<Duration> cycles = new ArrayList<>();
        for (int c = 0; c < CYCLES; c++) {
            Instant start = Instant.now();
            pool.query("UPDATE source SET next_poll_at = now()")
                    .execute()
                    .await()
                    .atMost(Duration.ofSeconds(10));
            poller.wake();
            cycles.add(awaitAllPolledSince(start, Duration.ofMinutes(1)));
        }
        List<Long> ms = cycles.stream().map(Duration::toMillis).sorted().toList();
        System.out.printf(
                "%nPOLLING BENCH: %d sources, stub 50 ms, %d cycles: %s ms (median %d ms)%n%n",
                SOURCES, CYCLES, cycles.stream().map(Duration::toMillis).toList(), ms.get(ms.size() / 2));
        assertThat(ms.get(ms.size() / 2)).as("median cycle").isLessThan(2000);
    }

    private Duration awaitAllPolledSince(Instant since, Duration timeout) {
        org.awaitility.Awaitility.await()
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> pool.preparedQuery("SELECT count(*) FROM source WHERE last_success_at >= $1")
                                .execute(Tuple.of(since.atOffset(ZoneOffset.UTC)))
                                .await()
                                .atMost(Duration.ofSeconds(10))
                                .iterator()
                                .next()
                                .getLong(0)
                        >= SOURCES);
        return Duration.between(since, Instant.now());
    }
}
