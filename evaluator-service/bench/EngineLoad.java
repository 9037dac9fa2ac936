import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.cloudevents.CloudEventCodec;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.AlertStatus;
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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Load for the evaluator benchmark (run by engine-bench.sh, on the evaluator's own class path):
 * <pre>
 *   backlog BOOTSTRAP RUN SERIES EVENTS            produce EVENTS metric events as fast as possible
 *   drain   METRICS_URL EVENTS                     time the evaluator consuming them (its accepted counter)
 *   steady  BOOTSTRAP RUN SERIES RATE WARMUP SECONDS  produce RATE events/s; measure event → alert latency
 *                                                 after WARMUP seconds
 * </pre>
 * Series i is {@code bench_value{app="a<i % 1000>",bench=RUN,series="s<i>"}}; values stay below the
 * threshold (90) except a spike now and then, which fires the "last" rules and resolves at the next event.
 */
public class EngineLoad {

    private static final CloudEventCodec CODEC = CloudEventCodec.instance();

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "backlog" -> backlog(args[1], args[2], Integer.parseInt(args[3]), Long.parseLong(args[4]));
            case "drain" -> drain(args[1], Long.parseLong(args[2]));
            case "steady" -> steady(args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    Integer.parseInt(args[5]), Integer.parseInt(args[6]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        p.put("partitioner.class", "io.watchkeeper.platform.kafka.SeriesPartitioner");
        p.put("linger.ms", "5");
        p.put("batch.size", "262144");
        p.put("compression.type", "lz4");
        p.put("acks", "1");
        return new KafkaProducer<>(p);
    }

    private static ProducerRecord<String, byte[]> event(String run, int series, int i, double spikeChance) {
        boolean spike = ThreadLocalRandom.current().nextDouble() < spikeChance;
        int value = spike ? 95 : 10 + ThreadLocalRandom.current().nextInt(40);
        MetricEvent m = new MetricEvent("bench_value", MetricKind.USAGE, BigDecimal.valueOf(value), null,
                Map.of("bench", run, "app", "a" + (i % 1000), "series", "s" + (i % series)), Instant.now());
        CloudEvent<MetricEvent> ce = CloudEvent.of("/bench", m);
        return new ProducerRecord<>("wk.metrics.v1", null, m.seriesKey(), CODEC.value(ce), CODEC.headers(ce));
    }

    static void backlog(String bootstrap, String run, int series, long events) {
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
            for (long n = 0; n < events; n++) {
                producer.send(event(run, series, (int) (n % series), 0.0005));
            }
            producer.flush();
        }
        double s = (System.nanoTime() - start) / 1e9;
        System.out.printf("backlog: %,d events produced in %.1f s (%,.0f/s)%n", events, s, events / s);
    }

    /** Polls the evaluator's accepted counter until it has seen {@code events} more than at the start. */
    static void drain(String metricsUrl, long events) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        double base = -1;
        long first = 0;
        long last = 0;
        double seen = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            double accepted;
            try {
                accepted = accepted(http, metricsUrl);
            } catch (Exception notUp) {
                Thread.sleep(200);
                continue;
            }
            if (base < 0) {
                base = accepted;
            }
            seen = accepted - base;
            if (seen > 0 && first == 0) {
                first = System.nanoTime();
            }
            if (seen >= events) {
                last = System.nanoTime();
                break;
            }
            Thread.sleep(100);
        }
        double s = (last - first) / 1e9;
        System.out.printf("drain: %,.0f events evaluated in %.1f s = %,.0f events/s%n", seen, s, seen / s);
    }

    private static double accepted(HttpClient http, String metricsUrl) throws Exception {
        String body = http.send(HttpRequest.newBuilder(URI.create(metricsUrl)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return body.lines().filter(l -> l.startsWith("watchkeeper_evaluator_events_total{outcome=\"accepted\"}"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /**
     * Produces {@code rate} events/s for {@code warmUp} + {@code seconds} and, from the alerts topic, measures
     * for every firing alert of this run the time from its event's produce time (its observedAt = startsAt) to
     * the alert's record on wk.alerts.v1 (the outbox relay's send time). Alerts of the warm-up (this loader's
     * JIT, the evaluator finishing what came before) are reported apart.
     */
    static void steady(String bootstrap, String run, int series, int rate, int warmUp, int seconds) throws Exception {
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        List<Long> warmUpLatencies = Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicLong measuredFrom = new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);
        Properties c = new Properties();
        c.put("bootstrap.servers", bootstrap);
        c.put("group.id", "bench-" + run + "-" + System.nanoTime());
        c.put("auto.offset.reset", "latest");
        c.put("key.deserializer", StringDeserializer.class.getName());
        c.put("value.deserializer", ByteArrayDeserializer.class.getName());
        java.util.concurrent.CountDownLatch assigned = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicLong lastAlertAt = new java.util.concurrent.atomic.AtomicLong();
        Thread reader = new Thread(() -> {
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(c)) {
                consumer.subscribe(List.of("wk.alerts.v1"));
                while (!Thread.currentThread().isInterrupted()) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        AlertEvent a = CODEC.decode(r.headers(), r.value(), AlertEvent.class).data();
                        if (a.status() == AlertStatus.FIRING && run.equals(a.labels().get("bench"))) {
                            long startsAt = a.startsAt().toEpochMilli();
                            (startsAt >= measuredFrom.get() ? latencies : warmUpLatencies).add(r.timestamp() - startsAt);
                            lastAlertAt.set(System.nanoTime());
                        }
                    }
                    if (!consumer.assignment().isEmpty()) {
                        assigned.countDown();
                    }
                }
            } catch (org.apache.kafka.common.errors.InterruptException stop) {
                // done
            }
        });
        reader.start();
        // the reader must own its partitions (at the end of the topic) before the first event goes out
        if (!assigned.await(60, java.util.concurrent.TimeUnit.SECONDS)) {
            throw new IllegalStateException("the alert reader got no partitions");
        }
        long begin = System.nanoTime();
        long start = begin;
        long sent = 0;
        long warmUpEvents = (long) rate * warmUp;
        try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
            long total = warmUpEvents + (long) rate * seconds;
            for (int i = 0; sent < total; i++) {
                if (sent == warmUpEvents) {
                    measuredFrom.set(System.currentTimeMillis());
                    start = System.nanoTime();
                }
                long due = begin + sent * 1_000_000_000L / rate;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait); // pacing to the target rate
                }
                producer.send(event(run, series, i % series, 0.005));
                sent++;
            }
            producer.flush();
        }
        double s = (System.nanoTime() - start) / 1e9;
        // the last alerts: wait until none has arrived for 3 s (at most 60 s)
        long quietSince = System.nanoTime();
        long giveUp = quietSince + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() - Math.max(quietSince, lastAlertAt.get()) < Duration.ofSeconds(3).toNanos()
                && System.nanoTime() < giveUp) {
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        reader.interrupt();
        reader.join();
        System.out.printf("warm-up: %d s; %s%n", warmUp, summary(warmUpLatencies));
        System.out.printf("steady: %,d events in %.1f s (%,.0f/s); %s%n", sent - warmUpEvents, s,
                (sent - warmUpEvents) / s, summary(latencies));
    }

    private static String summary(List<Long> latencies) {
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        return String.format("%d firing alerts; event -> alert latency p50 %d ms, p99 %d ms, max %d ms",
                sorted.size(), pct(sorted, 50), pct(sorted, 99), sorted.isEmpty() ? -1 : sorted.get(sorted.size() - 1));
    }

    private static long pct(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        return sorted.get(Math.max(0, (int) Math.ceil(p / 100 * sorted.size()) - 1));
    }
}
