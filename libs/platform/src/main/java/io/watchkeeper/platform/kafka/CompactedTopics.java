package io.watchkeeper.platform.kafka;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Makes the compacted topics a service produces ({@code watchkeeper.kafka.compacted-topics}) compacted: created with
 * {@code cleanup.policy=compact} when missing, switched to it when the broker auto-created them with its default
 * (delete, which would drop a key's last value after the retention time). Runs in the background at start and retries
 * while the broker is away; never holds the start-up.
 */
@ApplicationScoped
public class CompactedTopics {

    private final Optional<List<String>> topics;
    private final int partitions;
    private final String bootstrap;

    public CompactedTopics(@ConfigProperty(name = "watchkeeper.kafka.compacted-topics") Optional<List<String>> topics,
            @ConfigProperty(name = "watchkeeper.kafka.compacted-partitions", defaultValue = "3") int partitions,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.topics = topics;
        this.partitions = partitions;
        this.bootstrap = bootstrap;
    }

    void onStart(@Observes StartupEvent start) {
        if (topics.isPresent() && !topics.get().isEmpty()) {
            Thread thread = new Thread(() -> ensureWhileAway(topics.get()), "compacted-topics");
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void ensureWhileAway(List<String> names) {
        for (Duration wait = Duration.ofSeconds(1); ; wait = wait.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0
                ? Duration.ofSeconds(30) : wait.multipliedBy(2)) {
            try {
                ensure(names);
                return;
            } catch (Exception e) {
                Log.warnf("compacted topics %s not set up yet, retrying in %s: %s", names, wait,
                        e.getCause() != null ? e.getCause().toString() : e.toString());
                try {
                    Thread.sleep(wait.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Creates or corrects each topic; returns once the broker has them compacted. */
    public void ensure(Collection<String> names) throws ExecutionException, InterruptedException,
            java.util.concurrent.TimeoutException {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        try (Admin admin = Admin.create(p)) {
            Set<String> existing = admin.listTopics().names().get(15, TimeUnit.SECONDS);
            for (String name : names) {
                if (!existing.contains(name)) {
                    try {
                        admin.createTopics(List.of(new NewTopic(name, Optional.of(partitions), Optional.empty())
                                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                                .all().get(15, TimeUnit.SECONDS);
                        Log.infof("created compacted topic %s", name);
                        continue;
                    } catch (ExecutionException e) {
                        if (!(e.getCause() instanceof TopicExistsException)) {
                            throw e;
                        }
                    }
                }
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
                Config config = admin.describeConfigs(List.of(resource)).all().get(15, TimeUnit.SECONDS).get(resource);
                ConfigEntry policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG);
                if (policy == null || !policy.value().contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
                    admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(new ConfigEntry(
                                    TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT),
                                    AlterConfigOp.OpType.SET))))
                            .all().get(15, TimeUnit.SECONDS);
                    Log.infof("topic %s switched to cleanup.policy=compact", name);
                }
            }
        }
    }
}
