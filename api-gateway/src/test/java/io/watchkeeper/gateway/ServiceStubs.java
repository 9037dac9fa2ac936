package io.watchkeeper.gateway;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A WireMock server standing in for each service behind the gateway (the quota service's address has nothing
 * listening: a service that is down), with the gateway pointed at them and held to small rate limits. Injected into
 * the test's {@code ServiceStubs} field.
 */
public class ServiceStubs implements QuarkusTestResourceLifecycleManager {

    public static final int PER_CLIENT = 20;
    public static final int PER_TENANT = 30;

    private final Map<String, WireMockServer> stubs = new LinkedHashMap<>();

    /** The stub of a service: collector, evaluator, notifier or iam. */
    public WireMockServer of(String service) {
        return stubs.get(service);
    }

    public void resetAll() {
        stubs.values().forEach(WireMockServer::resetAll);
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        for (String service : List.of("collector", "evaluator", "notifier", "iam")) {
            WireMockServer stub = new WireMockServer(
                    WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
            stub.start();
            stubs.put(service, stub);
            config.put("watchkeeper.gateway.services." + service, stub.baseUrl());
        }
        config.put("watchkeeper.gateway.services.quota", "http://127.0.0.1:" + closedPort());
        config.put("watchkeeper.gateway.rate-limit.per-client", String.valueOf(PER_CLIENT));
        config.put("watchkeeper.gateway.rate-limit.per-tenant", String.valueOf(PER_TENANT));
        config.put("watchkeeper.gateway.service-timeout", "2s");
        return config;
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(this, new TestInjector.MatchesType(ServiceStubs.class));
    }

    @Override
    public void stop() {
        stubs.values().forEach(WireMockServer::stop);
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
