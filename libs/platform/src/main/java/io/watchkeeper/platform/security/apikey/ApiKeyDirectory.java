package io.watchkeeper.platform.security.apikey;

import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.watchkeeper.contracts.Topics;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.event.ApiKeyEvent;
import io.watchkeeper.platform.kafka.CloudEventMessages;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every live API key, in memory, from the compacted {@code wk.api-keys.v1} that iam-service publishes: each instance
 * reads every partition from the beginning (no consumer group: each needs all keys), then follows the topic — a new
 * key is known, a revoked one (tombstone) forgotten, within a poll (200 ms) of its publication. Checking a key on a
 * request is a map lookup, never a call to another service. Off unless {@code watchkeeper.api-keys.enabled}; until it
 * has read what the topic held at start it knows no key (and {@link ApiKeyReadiness} says so).
 */
@Startup
@ApplicationScoped
public class ApiKeyDirectory {

    private static final Duration POLL = Duration.ofMillis(200);

    private final boolean enabled;
    private final String bootstrap;
    private final Map<String, ApiKeyEvent> byId = new ConcurrentHashMap<>();
    private final Map<String, ApiKeyEvent> byHash = new ConcurrentHashMap<>();
    private volatile boolean caughtUp;
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    public ApiKeyDirectory(
            @ConfigProperty(name = "watchkeeper.api-keys.enabled", defaultValue = "false") boolean enabled,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.enabled = enabled;
        this.bootstrap = bootstrap;
    }

    @PostConstruct
    void start() {
        if (enabled) {
            thread = new Thread(this::follow, "api-key-directory");
            thread.setDaemon(true);
            thread.start();
        }
    }

    @PreDestroy
    void stop() {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    public boolean enabled() {
        return enabled;
    }

    /** Whether the keys the topic held when the service started are all known. */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** The live key with this SHA-256, or null. */
    public ApiKeyEvent bySha256(String sha256) {
        return byHash.get(sha256);
    }

    public int size() {
        return byId.size();
    }

    private void follow() {
        while (running) {
            try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(properties())) {
                consumer = c;
                List<TopicPartition> partitions = partitions(c);
                c.assign(partitions);
                c.seekToBeginning(partitions);
                Map<TopicPartition, Long> end = c.endOffsets(partitions);
                while (running) {
                    c.poll(POLL).forEach(this::apply);
                    if (!caughtUp && partitions.stream().allMatch(p -> c.position(p) >= end.get(p))) {
                        caughtUp = true;
                        Log.infof("API keys: %d known from %s", byId.size(), Topics.API_KEYS);
                    }
                }
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                Log.warnf("API keys: reading %s failed, starting over: %s", Topics.API_KEYS, e.toString());
                pause(Duration.ofSeconds(1));
            }
        }
    }

    /**
     * The topic's partitions, waiting for the topic to exist. No topic yet means no key was ever issued: nothing to
     * catch up with (the service is ready), and the keys are read from the beginning once iam-service creates it.
     */
    private List<TopicPartition> partitions(KafkaConsumer<String, byte[]> c) {
        while (running) {
            var info = c.partitionsFor(Topics.API_KEYS, Duration.ofSeconds(5));
            if (info != null && !info.isEmpty()) {
                return info.stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition()))
                        .toList();
            }
            caughtUp = true;
            pause(Duration.ofSeconds(1));
        }
        throw new WakeupException();
    }

    void apply(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            ApiKeyEvent gone = record.key() == null ? null : byId.remove(record.key());
            if (gone != null) {
                byHash.remove(gone.sha256());
            }
            return;
        }
        try {
            CloudEvent<ApiKeyEvent> event = CloudEventMessages.decode(record, ApiKeyEvent.class);
            ApiKeyEvent key = event.data();
            ApiKeyEvent before = byId.put(key.keyId(), key);
            if (before != null) {
                byHash.remove(before.sha256());
            }
            byHash.put(key.sha256(), key);
        } catch (RuntimeException e) {
            Log.warnf(
                    "API keys: record %s-%d@%d skipped: %s",
                    record.topic(), record.partition(), record.offset(), e.getMessage());
        }
    }

    private Properties properties() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "api-key-directory-" + UUID.randomUUID());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        return p;
    }

    private static void pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
