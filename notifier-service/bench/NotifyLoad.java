import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.cloudevents.CloudEventCodec;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.AlertStatus;
import io.watchkeeper.contracts.event.Severity;
import io.watchkeeper.platform.crypto.SecretBox;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Load for the notifier benchmark (run by notify-bench.sh on the notifier's class path):
 * <pre>
 *   seal KEY TEXT                                       print TEXT sealed with the encryption key (a channel URL)
 *   run  ours BOOTSTRAP STUB_PORT BURST RATE SECONDS    the benchmark of one system: ours (alert events on Kafka)
 *   run  am   AM_URL    STUB_PORT BURST RATE SECONDS    or Alertmanager (alerts posted to its API)
 * </pre>
 * A webhook stub takes the system's Alertmanager-v4 webhooks ({@code /ours} or {@code /am}) and notes when each
 * alert (label {@code bench_seq}) arrives. Burst: after warm-up bursts of the same size (3, not reported), BURST new
 * alerts at once, timed until the last is delivered — 3 such bursts, each once the machine is quiet again; the
 * median is the result.
 * Steady: RATE new alerts/s for SECONDS, each alert's latency from hand-over (produced to wk.alerts.v1 / posted to
 * Alertmanager's /api/v2/alerts, in 10 ms batches as Prometheus would) to arrival at the stub.
 */
public class NotifyLoad {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WARM_UP_BURSTS = Integer.getInteger("warmUpBursts", 3);
    private static final int MEASURED_BURSTS = Integer.getInteger("measuredBursts", 3);
    /** A burst starts when the machine is this quiet (share of all CPUs busy over half a second) … */
    private static final double QUIET = 0.25;
    /**
     * … or after this long, reported: Alertmanager holding tens of thousands of alerts is never quiet (each open
     * group ticks every group_interval), so its bursts start after this.
     */
    private static final Duration QUIET_AT_MOST = Duration.ofSeconds(10);
    private static final CloudEventCodec CODEC = CloudEventCodec.instance();
    /** One permit per alert's first arrival: what a phase waits for (phases run one after the other). */
    private static final Map<String, java.util.concurrent.Semaphore> NEW_ARRIVALS = Map.of(
            "ours", new java.util.concurrent.Semaphore(0), "am", new java.util.concurrent.Semaphore(0));
    private static final Map<String, Map<String, Long>> ARRIVED = Map.of("ours", new ConcurrentHashMap<>(),
            "am", new ConcurrentHashMap<>());

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "seal" -> System.out.println(new SecretBox(args[1]).seal(args[2]));
            case "run" -> run(args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]),
                    Integer.parseInt(args[5]), Integer.parseInt(args[6]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    /** Hands alerts to one system. */
    interface Target extends AutoCloseable {
        void send(List<String> seqs) throws Exception;

        default void flush() throws Exception {
        }

        @Override
        default void close() {
        }
    }

    /** One system alone: warm-up bursts, measured bursts (their median is the result), then the steady rate. */
    static void run(String system, String endpoint, int stubPort, int burst, int rate, int seconds) throws Exception {
        HttpServer stub = HttpServer.create(new InetSocketAddress("127.0.0.1", stubPort), 256);
        stub.createContext("/" + system, exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                long now = System.nanoTime();
                for (JsonNode alert : JSON.readTree(in).path("alerts")) {
                    if (ARRIVED.get(system).putIfAbsent(alert.path("labels").path("bench_seq").asText(), now) == null) {
                        NEW_ARRIVALS.get(system).release();
                    }
                }
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        java.util.concurrent.ExecutorService workers = Executors.newFixedThreadPool(8);
        stub.setExecutor(workers);
        stub.start();
        String run = Long.toString(System.currentTimeMillis(), 36);
        try (Target target = system.equals("ours") ? ours(endpoint, run) : alertmanager(endpoint, run)) {
            // warm-up, not reported: a JVM compiles its hot paths in its first minute (Alertmanager is Go)
            for (int w = 0; w < WARM_UP_BURSTS; w++) {
                burst(system, "warm" + w, target, burst);
            }
            // several bursts, each on a quiet machine (the last one's trailing work done): one noisy burst is not the
            // result
            List<Double> rates = new ArrayList<>();
            for (int i = 0; i < MEASURED_BURSTS; i++) {
                awaitQuietMachine();
                rates.add(burst(system, "b" + i + "-", target, burst));
            }
            awaitQuietMachine();
            long[] latencies = steady(system, target, rate, seconds);
            List<Double> sorted = rates.stream().sorted().toList();
            System.out.printf("%-14s %10s %12s %19s %10s %10s %10s %s%n", "system", "burst", "alerts/s", "(each burst)",
                    "p50 ms", "p99 ms", "max ms", "(steady " + rate + " alerts/s for " + seconds + " s)");
            System.out.printf("%-14s %10d %12.0f %19s %10.1f %10.1f %10.1f%n",
                    system.equals("ours") ? "watchkeeper" : "alertmanager", burst, sorted.get(sorted.size() / 2),
                    rates.stream().map(x -> String.format("%.0f", x)).collect(java.util.stream.Collectors.joining("/")),
                    pct(latencies, 50), pct(latencies, 99), pct(latencies, 100));
        } finally {
            stub.stop(0);
            workers.shutdownNow();
        }
    }

    /**
     * Returns when the machine is quiet — what the last burst left running (our outbox and autovacuum, a Go
     * collection) is done — sampling /proc/stat every half second; after {@link #QUIET_AT_MOST} it says so and goes on.
     */
    static void awaitQuietMachine() throws Exception {
        java.util.concurrent.ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        java.util.concurrent.CompletableFuture<Void> quiet = new java.util.concurrent.CompletableFuture<>();
        long[][] last = {cpuTimes()};
        sampler.scheduleAtFixedRate(() -> {
            long[] now = cpuTimes();
            double total = now[0] - last[0][0];
            if (total > 0 && (now[1] - last[0][1]) / total > 1 - QUIET) {
                quiet.complete(null);
            }
            last[0] = now;
        }, 500, 500, TimeUnit.MILLISECONDS);
        try {
            quiet.get(QUIET_AT_MOST.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            System.err.println("the machine was still busy after " + QUIET_AT_MOST.toSeconds() + " s (the system's own "
                    + "background work); measuring anyway");
        } finally {
            sampler.shutdownNow();
        }
    }

    /** All CPUs' jiffies since boot: {total, idle + iowait} (the first line of /proc/stat). */
    private static long[] cpuTimes() {
        try {
            String[] f = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) {
                total += Long.parseLong(f[i]);
            }
            return new long[] {total, Long.parseLong(f[4]) + Long.parseLong(f[5])};
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Ours: alert events produced to wk.alerts.v1. */
    static Target ours(String bootstrap, String run) {
        KafkaProducer<String, byte[]> producer = producer(bootstrap);
        return new Target() {
            public void send(List<String> seqs) {
                for (String seq : seqs) {
                    AlertEvent a = alert(run, seq);
                    CloudEvent<AlertEvent> ce = CloudEvent.of(a.alertId() + ".firing", "/bench", a);
                    producer.send(new ProducerRecord<>("wk.alerts.v1", null, a.fingerprint(), CODEC.value(ce), CODEC.headers(ce)));
                }
            }

            public void flush() {
                producer.flush();
            }

            public void close() {
                producer.close();
            }
        };
    }

    /** Alertmanager: the same alerts posted to /api/v2/alerts in batches of 64, as Prometheus does. */
    static Target alertmanager(String url, String run) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return seqs -> {
            for (int i = 0; i < seqs.size(); i += 64) {
                List<Map<String, Object>> batch = new ArrayList<>();
                for (String seq : seqs.subList(i, Math.min(seqs.size(), i + 64))) {
                    batch.add(Map.of("labels", Map.of("alertname", "BenchAlert", "bench_run", run, "bench_seq", seq,
                            "severity", "warning"), "annotations", Map.of("summary", "bench alert " + seq),
                            "startsAt", Instant.now().toString(), "generatorURL", "http://bench/" + seq));
                }
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v2/alerts"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(batch))).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("Alertmanager answered " + r.statusCode() + ": " + r.body());
                }
            }
        };
    }

    /** BURST alerts handed over at once; alerts/s from the first hand-over to the last arrival. */
    static double burst(String system, String label, Target target, int count) throws Exception {
        List<String> seqs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            seqs.add(system + "-" + label + i);
        }
        long start = System.nanoTime();
        target.send(seqs);
        target.flush();
        await(system, seqs, Duration.ofMinutes(5));
        long last = seqs.stream().mapToLong(s -> ARRIVED.get(system).get(s)).max().orElseThrow();
        return count / ((last - start) / 1e9);
    }

    /** RATE alerts/s for SECONDS in 10 ms batches; each alert's hand-over → arrival, in ms. */
    static long[] steady(String system, Target target, int rate, int seconds) throws Exception {
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        int ticks = seconds * 100;
        double perTick = rate / 100.0;
        double owed = 0;
        int n = 0;
        long start = System.nanoTime();
        for (int tick = 0; tick < ticks; tick++) {
            long due = start + tick * 10_000_000L;
            // park, not spin: a spinning loader would take one of the machine's two cores from the systems measured
            for (long left = due - System.nanoTime(); left > 0; left = due - System.nanoTime()) {
                java.util.concurrent.locks.LockSupport.parkNanos(left);
            }
            owed += perTick;
            List<String> batch = new ArrayList<>();
            while (owed >= 1) {
                batch.add(system + "-s" + n++);
                owed--;
            }
            long now = System.nanoTime();
            batch.forEach(s -> sentAt.put(s, now));
            target.send(batch);
            target.flush();
        }
        List<String> all = new ArrayList<>(sentAt.keySet());
        await(system, all, Duration.ofMinutes(5));
        return all.stream().mapToLong(s -> (ARRIVED.get(system).get(s) - sentAt.get(s)) / 1000).sorted().toArray();
    }

    /** Blocks until each of the phase's alerts has arrived once (the stub signals every first arrival). */
    private static void await(String system, List<String> seqs, Duration atMost) throws InterruptedException {
        if (!NEW_ARRIVALS.get(system).tryAcquire(seqs.size(), atMost.toMillis(), TimeUnit.MILLISECONDS)) {
            long missing = seqs.stream().filter(s -> !ARRIVED.get(system).containsKey(s)).count();
            throw new IllegalStateException(system + ": " + missing + " of " + seqs.size() + " alerts never arrived");
        }
    }

    /** The p-th percentile of microsecond latencies, in milliseconds. */
    private static double pct(long[] sortedMicros, int p) {
        int i = Math.min(sortedMicros.length - 1, (int) Math.ceil(p / 100.0 * sortedMicros.length) - 1);
        return sortedMicros[Math.max(0, i)] / 1000.0;
    }

    private static AlertEvent alert(String run, String seq) {
        Map<String, String> labels = Map.of("alertname", "BenchAlert", "bench_run", run, "bench_seq", seq);
        String fingerprint = UUID.nameUUIDFromBytes((run + seq).getBytes()).toString().replace("-", "").substring(0, 16);
        return new AlertEvent(UUID.randomUUID(), fingerprint, UUID.randomUUID().toString(), "BenchAlert", "threshold",
                AlertStatus.FIRING, Severity.WARNING, "bench alert " + seq, null, labels, Map.of(), null, null,
                Instant.now().truncatedTo(ChronoUnit.MILLIS), null, null, null);
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        p.put("linger.ms", "0");
        p.put("acks", "1");
        return new KafkaProducer<>(p);
    }
}
