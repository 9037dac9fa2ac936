package io.watchkeeper.notifier.action;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * {@code kubectl rollout restart}, exactly (EXTERNAL-APIS.md §11): a strategic-merge patch of the pod template's
 * {@code kubectl.kubernetes.io/restartedAt} annotation with field manager {@code kubectl-rollout}, for a
 * deployment, stateful set or daemon set; a paused deployment is refused. A server answering 415 to the strategic
 * merge gets the same patch as a JSON merge patch (identical for an annotation map). The fabric8 client blocks, so it runs
 * on a worker thread.
 */
@ApplicationScoped
public class RolloutRestart {

    public static final String ANNOTATION = "kubectl.kubernetes.io/restartedAt";
    private final KubernetesClient client;

    public RolloutRestart(KubernetesClient client) {
        this.client = client;
    }

    /** {@code done: …}, {@code refused: …} or a failure (the API server's answer). */
    public Uni<RunOutcome> restart(Action.Target target) {
        return Uni.createFrom()
                .item(() -> {
                    Resource<? extends HasMetadata> workload = workload(target);
                    HasMetadata current = workload.get();
                    if (current == null) {
                        return RunOutcome.refused(
                                target.kind() + " " + target.namespace() + "/" + target.name() + " not found");
                    }
                    if (current instanceof Deployment d
                            && Boolean.TRUE.equals(d.getSpec().getPaused())) {
                        return RunOutcome.refused("the " + target.kind() + " is paused (kubectl rollout resume first)");
                    }
                    String at = restartedAt(Instant.now());
                    String patch = "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"" + ANNOTATION + "\":\""
                            + at + "\"}}}}}";
                    try {
                        workload.patch(context(PatchType.STRATEGIC_MERGE), patch);
                    } catch (KubernetesClientException e) {
                        if (e.getCode() != 415) {
                            throw e;
                        }
                        // a server that cannot take a strategic merge (as kubectl does for such types): the same map
                        // merge
                        workload.patch(context(PatchType.JSON_MERGE), patch);
                    }
                    return RunOutcome.done("restarted " + target.kind() + " " + target.namespace() + "/" + target.name()
                            + " (" + ANNOTATION + "=" + at + ")");
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /**
     * The annotation's value as kubectl writes it (RFC 3339, whole seconds): an {@code Instant} always prints its
     * seconds, where an {@code OffsetDateTime} drops them at :00 (a value {@code Instant.parse} rejects).
     */
    static String restartedAt(Instant now) {
        return now.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static PatchContext context(PatchType type) {
        return new PatchContext.Builder()
                .withPatchType(type)
                .withFieldManager("kubectl-rollout")
                .build();
    }

    private Resource<? extends HasMetadata> workload(Action.Target target) {
        var apps = client.apps();
        return switch (target.kind()) {
            case "statefulset" -> apps.statefulSets()
                    .inNamespace(target.namespace())
                    .withName(target.name());
            case "daemonset" -> apps.daemonSets()
                    .inNamespace(target.namespace())
                    .withName(target.name());
            default -> apps.deployments().inNamespace(target.namespace()).withName(target.name());
        };
    }
}
