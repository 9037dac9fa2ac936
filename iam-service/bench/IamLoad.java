import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.watchkeeper.contracts.Topics;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.cloudevents.CloudEventCodec;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.AlertStatus;
import io.watchkeeper.contracts.event.QuotaEvent;
import io.watchkeeper.contracts.event.Severity;
import io.watchkeeper.testsupport.VolcengineIamStub;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * iam-service's load, run with its libraries and test-support on the class path:
 *
 *   java IamLoad.java stub USERS URL_FILE          the Volcengine IAM stub (exact wire format, signatures checked) with
 *                                                  USERS users; writes its URL to URL_FILE, runs until killed
 *   java IamLoad.java load IAM_URL TOKEN KAFKA USERS READS_PER_S
 *
 * The load: a cloud account, a sync importing every user, then every user's quota exhausted at once (USERS quota
 * definitions and quota_exhausted alerts on Kafka: USERS switches, each two cloud calls) while the user list is read
 * READS_PER_S times a second; then a new allocation for every quota (USERS switches back). Prints how long each
 * phase took until every user had the state it should.
 */
public class IamLoad {

    static final String AK = "AKLTbenchmain0123456789";
    static final String SK = "YmVuY2gtc2VjcmV0";
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "stub" -> stub(Integer.parseInt(args[1]), Path.of(args[2]));
            case "load" -> load(args[1], args[2], args[3], Integer.parseInt(args[4]), Integer.parseInt(args[5]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static void stub(int users, Path urlFile) throws Exception {
        VolcengineIamStub stub = new VolcengineIamStub().account(AK, SK);
        for (int i = 0; i < users; i++) {
            stub.addUser(name(i), true, 1);
        }
        Files.writeString(urlFile, stub.baseUrl());
        Thread.currentThread().join();
    }

    static void load(String iam, String token, String kafka, int users, int readsPerSecond) throws Exception {
        String account = post(iam, token, "/api/v1/cloud-accounts", """
                {"name":"bench","accessKeyId":"%s","secretAccessKey":"%s","region":"cn-beijing"}""".formatted(AK, SK))
                .get("id").asText();
        JsonNode sync = post(iam, token, "/api/v1/iam-users/sync", "{\"accountId\":\"" + account + "\"}");
        System.out.println("sync: " + sync);

        ScheduledExecutorService readers = Executors.newScheduledThreadPool(4);
        AtomicLong reads = new AtomicLong();
        AtomicLong readErrors = new AtomicLong();
        readers.scheduleAtFixedRate(() -> {
            try {
                int page = (int) (reads.incrementAndGet() % Math.max(1, users / 50));
                if (get(iam, token, "/api/v1/iam-users?page=" + page + "&size=50").statusCode() != 200) {
                    readErrors.incrementAndGet();
                }
            } catch (Exception e) {
                readErrors.incrementAndGet();
            }
        }, 0, 1_000_000 / Math.max(1, readsPerSecond), TimeUnit.MICROSECONDS);

        CloudEventCodec codec = CloudEventCodec.instance();
        try (KafkaProducer<String, byte[]> producer = producer(kafka)) {
            long start = System.nanoTime();
            for (int i = 0; i < users; i++) {
                send(producer, codec, Topics.QUOTAS, quotaId(i), quota(i, 1, "100"));
                AlertEvent alert = new AlertEvent(UUID.randomUUID(), "fp-" + i, "quota:" + quotaId(i), "quota " + i,
                        "quota_exhausted", AlertStatus.FIRING, Severity.CRITICAL, "quota exhausted", "bench",
                        Map.of("subject_type", "cloud_subaccount", "subject_id", name(i)), Map.of(),
                        new BigDecimal("101"), new BigDecimal("100"), Instant.now(), null, null,
                        new AlertEvent.QuotaRef(quotaId(i), 1, new BigDecimal("100"), new BigDecimal("101"), true));
                send(producer, codec, Topics.ALERTS, alert.fingerprint(), alert);
            }
            producer.flush();
            awaitState(iam, token, "disabled", users);
            System.out.printf("disabled: %d users in %.1f s%n", users, (System.nanoTime() - start) / 1e9);

            start = System.nanoTime();
            for (int i = 0; i < users; i++) {
                send(producer, codec, Topics.QUOTAS, quotaId(i), quota(i, 2, "200"));
            }
            producer.flush();
            awaitState(iam, token, "active", users);
            System.out.printf("enabled again: %d users in %.1f s%n", users, (System.nanoTime() - start) / 1e9);
        }
        readers.shutdownNow();
        System.out.printf("user list reads: %d, failed: %d%n", reads.get(), readErrors.get());
        if (readErrors.get() > 0) {
            System.exit(1);
        }
    }

    static QuotaEvent quota(int i, long epoch, String allocated) {
        return new QuotaEvent(quotaId(i), new QuotaEvent.Subject("cloud_subaccount", name(i)), "cloud_spend_month_to_date",
                Map.of("sub_account", name(i)), new BigDecimal(allocated), "CNY", List.of(new BigDecimal("100")), true, true,
                epoch, null, null, null, null, null);
    }

    /** Asks every 200 ms on a scheduler until USERS users have the state; fails after 10 minutes. */
    static void awaitState(String iam, String token, String state, int users) throws Exception {
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
        CompletableFuture<Void> reached = new CompletableFuture<>();
        poller.scheduleWithFixedDelay(() -> {
            try {
                HttpResponse<String> r = get(iam, token, "/api/v1/iam-users?state=" + state + "&size=1");
                if (r.statusCode() == 200 && JSON.readTree(r.body()).get("total").asInt() >= users) {
                    reached.complete(null);
                }
            } catch (Exception e) {
                reached.completeExceptionally(e);
            }
        }, 0, 200, TimeUnit.MILLISECONDS);
        try {
            reached.get(10, TimeUnit.MINUTES);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("not every user " + state + " within 10 minutes");
        } finally {
            poller.shutdownNow();
        }
    }

    static <T> void send(KafkaProducer<String, byte[]> producer, CloudEventCodec codec, String topic, String key, T data) {
        CloudEvent<T> event = CloudEvent.of("iam-bench", data);
        producer.send(new ProducerRecord<>(topic, null, key, codec.value(event), codec.headers(event)));
    }

    static JsonNode post(String base, String token, String path, String body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException("POST " + path + ": " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    static HttpResponse<String> get(String base, String token, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("linger.ms", "5");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    static String name(int i) {
        return "bench-user-" + i;
    }

    static String quotaId(int i) {
        return "00000000-0000-0000-0000-" + String.format("%012d", i);
    }
}
