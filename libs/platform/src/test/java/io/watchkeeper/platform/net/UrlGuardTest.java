package io.watchkeeper.platform.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.VertxOptions;
import io.vertx.core.dns.AddressResolverOptions;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpServer;
import io.watchkeeper.platform.problem.ProblemException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SSRF guard against a real server on the loopback interface, reached through host names that resolve to it
 * (a hosts file of the test's own): the connection is refused after DNS, and a redirect is never followed.
 */
class UrlGuardTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private Vertx vertx;
    private HttpServer server;
    private final List<String> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        vertx = Vertx.vertx(new VertxOptions()
                .setAddressResolverOptions(new AddressResolverOptions()
                        .setHostsValue(io.vertx.core.buffer.Buffer.buffer(
                                "127.0.0.1 internal.example.com\n::1 internal6.example.com\n127.0.0.1 localhost\n"))));
        server = vertx.createHttpServer()
                .requestHandler(request -> {
                    received.add(request.path());
                    if (request.path().equals("/redirect")) {
                        request.response()
                                .setStatusCode(302)
                                .putHeader("Location", "http://internal.example.com:" + server.actualPort() + "/secret")
                                .endAndForget();
                    } else {
                        request.response().endAndForget("inside");
                    }
                })
                .listen(0, "127.0.0.1")
                .await()
                .atMost(WAIT);
    }

    @AfterEach
    void stop() {
        vertx.closeAndAwait();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.1",
                "127.9.9.9",
                "10.1.2.3",
                "172.16.0.1",
                "172.31.255.255",
                "192.168.1.1",
                "100.64.0.1",
                "100.127.255.255",
                "169.254.169.254",
                "0.0.0.0",
                "224.0.0.1",
                "::1",
                "fe80::1",
                "fd00::1",
                "fc00::1",
                "::ffff:10.0.0.1",
                "::"
            })
    void internal_addresses_of_every_kind_are_refused(String address) throws Exception {
        assertThat(UrlGuard.isInternal(InetAddress.getByName(address))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"8.8.8.8", "100.63.255.255", "100.128.0.1", "172.32.0.1", "11.0.0.1", "2001:4860:4860::8888"})
    void public_addresses_pass(String address) throws Exception {
        assertThat(UrlGuard.isInternal(InetAddress.getByName(address))).isFalse();
    }

    @Test
    void a_host_name_that_resolves_to_an_internal_address_is_refused_on_connection_before_anything_is_sent() {
        var client = new UrlGuard(List.of("none")).webClient(vertx, new WebClientOptions());
        // the URL itself looks public: only the connection shows where it leads
        assertThat(new UrlGuard(List.of("none")).check("https://internal.example.com/x", "url"))
                .isNotNull();
        for (String host : List.of("internal.example.com", "internal6.example.com", "127.0.0.1", "localhost")) {
            assertThatThrownBy(() -> client.getAbs("http://" + host + ":" + server.actualPort() + "/balance")
                            .send()
                            .await()
                            .atMost(WAIT))
                    .as(host)
                    .isNotNull();
        }
        assertThat(received).isEmpty();
    }

    @Test
    void an_allow_listed_host_is_reached() {
        var client = new UrlGuard(List.of("internal.example.com")).webClient(vertx, new WebClientOptions());
        assertThat(client.getAbs("http://internal.example.com:" + server.actualPort() + "/balance")
                        .send()
                        .await()
                        .atMost(WAIT)
                        .bodyAsString())
                .isEqualTo("inside");
    }

    @Test
    void a_redirect_is_answered_not_followed() {
        var client = new UrlGuard(List.of("127.0.0.1")).webClient(vertx, new WebClientOptions());
        var response = client.getAbs("http://127.0.0.1:" + server.actualPort() + "/redirect")
                .send()
                .await()
                .atMost(WAIT);
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(received).containsExactly("/redirect");
    }

    @Test
    void literal_internal_addresses_are_refused_when_the_url_is_given() {
        for (String url : List.of(
                "https://127.0.0.1/x",
                "https://[::1]/x",
                "https://169.254.169.254/latest",
                "https://100.64.1.1/x",
                "https://[fd12::1]/x",
                "https://localhost/x",
                "http://example.com/x")) {
            assertThatThrownBy(() -> new UrlGuard(List.of("none")).check(url, "url"))
                    .as(url)
                    .isInstanceOf(ProblemException.class);
        }
    }
}
