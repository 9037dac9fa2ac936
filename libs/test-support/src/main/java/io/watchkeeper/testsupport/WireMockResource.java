package io.watchkeeper.testsupport;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A WireMock server on a free loopback port standing in for a third party (a provider API, a chat bot).
 * Exposes its base URL as {@code watchkeeper.test.stub-url} and fills {@link InjectWireMock} fields.
 */
public class WireMockResource implements QuarkusTestResourceLifecycleManager {

    private WireMockServer server;

    @Override
    public Map<String, String> start() {
        // delayed answers (a hanging provider) must not hold the threads that serve the other stubs
        server = new WireMockServer(WireMockConfiguration.options()
                .bindAddress("127.0.0.1")
                .dynamicPort()
                .containerThreads(50)
                .asynchronousResponseEnabled(true)
                .asynchronousResponseThreads(20));
        server.start();
        return Map.of("watchkeeper.test.stub-url", server.baseUrl());
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(
                server, new TestInjector.AnnotatedAndMatchesType(InjectWireMock.class, WireMockServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
