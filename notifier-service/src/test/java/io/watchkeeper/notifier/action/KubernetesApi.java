package io.watchkeeper.notifier.action;

import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.MockWebServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/** fabric8's Kubernetes mock server in CRUD mode: a small API server that keeps what it is sent. */
public class KubernetesApi implements QuarkusTestResourceLifecycleManager {

    static KubernetesMockServer server;
    static NamespacedKubernetesClient client;

    @Override
    public Map<String, String> start() {
        // as Quarkus' own Kubernetes test resource does: the mock server speaks HTTP/1.1 only, and no kubeconfig or
        // service account of this machine may leak in
        System.setProperty("kubernetes.http2.disable", "true");
        System.setProperty("kubernetes.auth.tryKubeConfig", "false");
        System.setProperty("kubernetes.auth.tryServiceAccount", "false");
        server = new KubernetesMockServer(
                new io.fabric8.mockwebserver.Context(),
                new MockWebServer(),
                new HashMap<>(),
                new KubernetesCrudDispatcher(),
                false);
        try {
            // loopback by address: "localhost" may resolve to ::1 for one client and 127.0.0.1 for the server
            server.init(java.net.InetAddress.getByName("127.0.0.1"), 0);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        client = server.createClient();
        // the client's URL is fixed when the application is built; fabric8 reads this at start-up instead
        System.setProperty("kubernetes.master", "http://127.0.0.1:" + server.getPort());
        return Map.of();
    }

    @Override
    public void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.destroy();
        }
    }
}
