import io.watchkeeper.contracts.Topics;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.cloudevents.CloudEventCodec;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.MetricEvent;
import io.watchkeeper.contracts.event.MetricKind;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The quota bench's two loads, run with quota-service's libraries on the class path (Kafka client, contracts):
 *
 *   java QuotaLoad.java allocations QUOTA_URL TOKEN QUOTAS RATE WARMUP SECONDS
 *       creates QUOTAS prepaid quotas, then adds and deducts (alternately, on random quotas, each deduction through the
 *       underflow guard, each with its own Idempotency-Key) at RATE/s, open loop: WARMUP seconds unrecorded, then
 *       SECONDS measured; prints p50/p99/max
 *   java QuotaLoad.java steps QUOTA_URL EVALUATOR_URL BOOTSTRAP TOKEN QUOTAS RATE
 *       creates QUOTAS prepaid quotas of 100, waits until the evaluator has them, then sends one spend of 55 per quota
 *       on wk.metrics.v1 at RATE/s and times each until its 50 % step alert is on wk.alerts.v1
 */
public class QuotaLoad {

    // HTTP/1.1 keep-alive, as the services' clients speak it (the JDK client would otherwise try an h2c upgrade)
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "allocations" -> {
                List<String> quotas = List.copyOf(createQuotas(args[1], args[2], Integer.parseInt(args[3]), "alloc",
                        "1000000").keySet());
                int rate = Integer.parseInt(args[4]);
                allocate(args[1], args[2], quotas, rate, Integer.parseInt(args[5]));
                System.out.println(allocate(args[1], args[2], quotas, rate, Integer.parseInt(args[6])));
            }
            case "steps" -> System.out.println(steps(args[1], args[2], args[3], args[4], Integer.parseInt(args[5]),
                    Integer.parseInt(args[6])));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    /**
     * {@code count} prepaid quotas on the spend of sub-accounts {@code <prefix>-<run>-<n>}, each opened with
     * {@code allocation}: quota id → sub-account, in creation order.
     */
    static Map<String, String> createQuotas(String url, String token, int count, String prefix, String allocation)
            throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<CompletableFuture<String>> created = new ArrayList<>();
        List<String> subs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String sub = prefix + "-" + run + "-" + i;
            String body = "{\"subject\":{\"type\":\"cloud_subaccount\",\"id\":\"" + sub + "\"},\"metric\":\"cloud_spend_month_to_date\","
                    + "\"labels\":{\"sub_account\":\"" + sub + "\",\"project\":\"\"},\"unit\":\"CNY\",\"kind\":\"prepaid\","
                    + "\"initialAllocation\":" + allocation + "}";
            subs.add(sub);
            created.add(HTTP.sendAsync(post(url + "/api/v1/quotas", token, body).build(), HttpResponse.BodyHandlers.ofString())
                    .thenApply(r -> {
                        Matcher m = ID.matcher(r.body());
                        if (r.statusCode() != 201 || !m.find()) {
                            throw new IllegalStateException("quota not created: " + r.statusCode() + " " + r.body());
                        }
                        return m.group(1);
                    }));
            if (created.size() % 50 == 0) {
                CompletableFuture.allOf(created.toArray(CompletableFuture[]::new)).join();
            }
        }
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            out.put(created.get(i).join(), subs.get(i));
        }
        return out;
    }

    /** Allocations at {@code rate}/s for {@code seconds}, each timed from when it was due. */
    static String allocate(String url, String token, List<String> quotas, int rate, int seconds) throws Exception {
        int total = rate * seconds;
        long[] latencies = new long[total];
        AtomicInteger failures = new AtomicInteger();
        List<CompletableFuture<?>> answers = new ArrayList<>(total);
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime();
        for (int i = 0; i < total; i++) {
            int n = i;
            long due = start + n * interval;
            String quota = quotas.get((n * 7919) % quotas.size());
            String body = "{\"amount\":" + (n % 2 == 0 ? "5.25" : "-5.25") + ",\"note\":\"bench\"}";
            CompletableFuture<Void> answer = new CompletableFuture<>();
            answers.add(answer);
            clock.schedule(() -> HTTP.sendAsync(post(url + "/api/v1/quotas/" + quota + "/allocations", token, body)
                                    .header("Idempotency-Key", UUID.randomUUID().toString()).build(),
                            HttpResponse.BodyHandlers.discarding())
                    .whenComplete((r, e) -> {
                        latencies[n] = System.nanoTime() - due;
                        if (e != null || r.statusCode() != 201) {
                            failures.incrementAndGet();
                        }
                        answer.complete(null);
                    }), due - System.nanoTime(), TimeUnit.NANOSECONDS);
        }
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).join();
        double elapsed = (System.nanoTime() - start) / 1e9;
        clock.shutdown();
        return summary("allocations", latencies, failures.get(), total / elapsed);
    }

    /** From each spend event sent to the step alert it causes. */
    static String steps(String quotaUrl, String evaluatorUrl, String bootstrap, String token, int count, int rate)
            throws Exception {
        Map<String, String> subs = createQuotas(quotaUrl, token, count, "steps", "100");
        List<String> quotas = List.copyOf(subs.keySet());
        String last = quotas.get(quotas.size() - 1);
        long waitUntil = System.currentTimeMillis() + 60_000;
        while (HTTP.send(get(evaluatorUrl + "/api/v1/quota-usage/" + last, token), HttpResponse.BodyHandlers.discarding())
                .statusCode() != 200) {
            if (System.currentTimeMillis() > waitUntil) {
                throw new IllegalStateException("the evaluator never learned the quotas");
            }
            Thread.sleep(200);
        }
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        Map<String, Long> alertedAt = new ConcurrentHashMap<>();
        CloudEventCodec codec = CloudEventCodec.instance();
        try (KafkaConsumer<String, byte[]> alerts = consumer(bootstrap);
                KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
            alerts.subscribe(List.of(Topics.ALERTS));
            while (alerts.assignment().isEmpty()) {
                alerts.poll(Duration.ofMillis(100));
            }
            alerts.seekToEnd(alerts.assignment());
            alerts.assignment().forEach(alerts::position);
            long interval = 1_000_000_000L / rate;
            long start = System.nanoTime();
            int next = 0;
            long deadline = System.currentTimeMillis() + (long) count * 1000 / rate + 60_000;
            while (alertedAt.size() < count && System.currentTimeMillis() < deadline) {
                while (next < count && start + next * interval <= System.nanoTime()) {
                    String quota = quotas.get(next);
                    String sub = subs.get(quota);
                    MetricEvent spend = new MetricEvent("cloud_spend_month_to_date", MetricKind.SPEND, new BigDecimal("55"),
                            "CNY", Map.of("sub_account", sub, "account", "bench"), Instant.now());
                    CloudEvent<MetricEvent> event = CloudEvent.of("bench", spend);
                    sentAt.put(quota, System.nanoTime());
                    producer.send(new ProducerRecord<>(Topics.METRICS, null, spend.seriesKey(), codec.value(event),
                            codec.headers(event)));
                    next++;
                }
                for (ConsumerRecord<String, byte[]> r : alerts.poll(Duration.ofMillis(20))) {
                    AlertEvent alert = codec.decode(r.headers(), r.value(), AlertEvent.class).data();
                    if (alert.quota() != null && sentAt.containsKey(alert.quota().quotaId())) {
                        alertedAt.putIfAbsent(alert.quota().quotaId(), System.nanoTime());
                    }
                }
            }
        }
        long[] latencies = alertedAt.entrySet().stream().mapToLong(e -> e.getValue() - sentAt.get(e.getKey())).toArray();
        return summary("spend -> step alert", latencies, count - latencies.length, rate);
    }

    private static String summary(String what, long[] latencies, int failures, double rate) {
        Arrays.sort(latencies);
        int n = latencies.length;
        if (n == 0) {
            return what + ": nothing answered, failures=" + failures;
        }
        return String.format("%s: n=%d failures=%d rate=%.0f/s p50=%.2fms p99=%.2fms max=%.2fms", what, n, failures, rate,
                latencies[n / 2] / 1e6, latencies[Math.min(n - 1, (int) (n * 0.99))] / 1e6, latencies[n - 1] / 1e6);
    }

    private static HttpRequest.Builder post(String url, String token, String body) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static HttpRequest get(String url, String token) {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(10)).GET().build();
    }

    private static KafkaConsumer<String, byte[]> consumer(String bootstrap) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("group.id", "quota-bench-" + UUID.randomUUID());
        p.put("enable.auto.commit", "false");
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("linger.ms", "0");
        // the collector's partitioner: every metric of a label set on one partition
        p.put("partitioner.class", "io.watchkeeper.platform.kafka.SeriesPartitioner");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }
}
