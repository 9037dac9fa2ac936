package io.watchkeeper.notifier.action;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.vertx.VertxHttpClientFactory;
import io.vertx.core.Vertx;
import io.watchkeeper.notifier.NotifierConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;

/**
 * The fabric8 client for rollout restarts, made on the first restart (the bean is application-scoped, so callers
 * hold a proxy): a notifier that never restarts a workload never loads the Kubernetes model. Quarkus' Kubernetes
 * client extension would register every model class at start (~360 classes, ~3 MiB). Configured as fabric8
 * configures itself — in a pod its service account, elsewhere {@code ~/.kube/config} or {@code KUBERNETES_MASTER} —
 * and on the application's Vert.x instance.
 */
public class KubernetesClientProducer {

    @Produces
    @ApplicationScoped
    KubernetesClient kubernetesClient(Vertx vertx, NotifierConfig settings) {
        int timeout = (int) settings.sendTimeout().toMillis();
        Config config = Config.autoConfigure(null);
        config.setConnectionTimeout(timeout);
        config.setRequestTimeout(timeout);
        return new KubernetesClientBuilder()
                .withConfig(config)
                .withHttpClientFactory(new VertxHttpClientFactory(vertx))
                .build();
    }

    void close(@Disposes KubernetesClient client) {
        client.close();
    }
}
