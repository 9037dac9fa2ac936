package io.watchkeeper.platform.kafka;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Makes the compacted topics a service produces ({@code watchkeeper.kafka.compacted-topics}) compacted: created with
 * {@code cleanup.policy=compact} when missing, switched to it when the broker auto-created them with its default
 * (delete, which would drop a key's last value after the retention time). Runs at start without holding it up, on the
 * admin client's own futures, and is retried with backoff (1 s to 30 s) while the broker is away.
 */
@ApplicationScoped
public class CompactedTopics {

    private final Optional<List<String>> topics;
    private final int partitions;
    private final String bootstrap;

    public CompactedTopics(
            @ConfigProperty(name = "watchkeeper.kafka.compacted-topics") Optional<List<String>> topics,
            @ConfigProperty(name = "watchkeeper.kafka.compacted-partitions", defaultValue = "3") int partitions,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.topics = topics;
        this.partitions = partitions;
        this.bootstrap = bootstrap;
    }

    void onStart(@Observes StartupEvent start) {
        if (topics.isPresent() && !topics.get().isEmpty()) {
            List<String> names = topics.get();
            ensure(names)
                    .onFailure()
                    .invoke(e -> Log.warnf("compacted topics %s not set up yet, retrying: %s", names, cause(e)))
                    .onFailure()
                    .retry()
                    .withBackOff(Duration.ofSeconds(1), Duration.ofSeconds(30))
                    .indefinitely()
                    .subscribe()
                    .with(done -> {}, e -> Log.errorf(e, "compacted topics %s not set up", names));
        }
    }

    /** Creates or corrects each topic, one after another, with a fresh admin client closed at the end. */
    public Uni<Void> ensure(Collection<String> names) {
        return Uni.createFrom().deferred(() -> {
            Admin admin = Admin.create(properties());
            return uni(admin.listTopics().names())
                    .chain(existing -> Multi.createFrom()
                            .iterable(names)
                            .onItem()
                            .transformToUniAndConcatenate(name -> ensure(admin, name, existing))
                            .collect()
                            .last())
                    .replaceWithVoid()
                    .eventually(() -> admin.close(Duration.ofSeconds(5)));
        });
    }

    private Uni<Void> ensure(Admin admin, String name, Set<String> existing) {
        Uni<Boolean> created = existing.contains(name)
                ? Uni.createFrom().item(false)
                : uni(admin.createTopics(List.of(new NewTopic(name, Optional.of(partitions), Optional.empty())
                                        .configs(Map.of(
                                                TopicConfig.CLEANUP_POLICY_CONFIG,
                                                TopicConfig.CLEANUP_POLICY_COMPACT))))
                                .all())
                        .replaceWith(true)
                        .onFailure(e -> cause(e) instanceof TopicExistsException)
                        .recoverWithItem(false);
        return created.chain(isNew -> {
            if (isNew) {
                Log.infof("created compacted topic %s", name);
                return Uni.createFrom().voidItem();
            }
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
            return uni(admin.describeConfigs(List.of(resource)).all()).chain(configs -> {
                ConfigEntry policy = configs.get(resource).get(TopicConfig.CLEANUP_POLICY_CONFIG);
                if (policy != null && policy.value().contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
                    return Uni.createFrom().voidItem();
                }
                return uni(admin.incrementalAlterConfigs(Map.of(
                                        resource,
                                        List.of(new AlterConfigOp(
                                                new ConfigEntry(
                                                        TopicConfig.CLEANUP_POLICY_CONFIG,
                                                        TopicConfig.CLEANUP_POLICY_COMPACT),
                                                AlterConfigOp.OpType.SET))))
                                .all())
                        .invoke(() -> Log.infof("topic %s switched to cleanup.policy=compact", name))
                        .replaceWithVoid();
            });
        });
    }

    private Properties properties() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        return p;
    }

    private static <T> Uni<T> uni(KafkaFuture<T> future) {
        return Uni.createFrom().completionStage(future.toCompletionStage());
    }

    private static Throwable cause(Throwable e) {
        return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    }
}
