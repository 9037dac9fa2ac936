package io.watchkeeper.collector.source;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.vertx.mutiny.core.Vertx;
import io.watchkeeper.collector.source.adapter.ProviderHttp;
import io.watchkeeper.platform.net.UrlGuard;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** Adapter tests without Quarkus: a WireMock provider stub and the adapters' HTTP client, reset per test. */
public abstract class ProviderStubs {

    protected static WireMockServer stub;
    protected static ProviderHttp http;
    private static Vertx vertx;

    @BeforeAll
    static void startStub() {
        stub = new WireMockServer(
                WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        stub.start();
        vertx = Vertx.vertx();
        http = new ProviderHttp(vertx, new UrlGuard(List.of("127.0.0.1")));
    }

    @AfterAll
    static void stopStub() {
        stub.stop();
        vertx.closeAndAwait();
    }

    @BeforeEach
    void resetStub() {
        stub.resetAll();
    }
}
