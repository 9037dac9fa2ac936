import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gateway bench's load: an open-loop generator over 32 keep-alive connections (each request is due at a fixed
 * time and its latency counted from then, so a stall is not hidden by sending less), and the RSA key that signs the
 * bench's tokens. Run with the gateway's libraries on the class path (Vert.x web client).
 *
 *   java GatewayLoad.java keys DIR                          writes DIR/private.der, prints the public key (base64)
 *   java GatewayLoad.java stub PORT BYTES                   an upstream that answers every request at once with the
 *                                                          same JSON of about BYTES (the gateway measured alone)
 *   java GatewayLoad.java token DIR ISSUER                  prints an admin token signed with DIR/private.der (other
 *                                                          benches use it)
 *   java GatewayLoad.java load DIR URL RATE WARMUP SECONDS ISSUER  signs an admin token and sends GET URL at RATE/s:
 *                                                          WARMUP seconds unrecorded (this JVM's and the far side's
 *                                                          warm-up), then SECONDS measured
 */
public class GatewayLoad {

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "keys" -> keys(Path.of(args[1]));
            case "token" -> System.out.println(token(Path.of(args[1]), args[2]));
            case "stub" -> stub(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            case "load" -> {
                io.vertx.core.Vertx vertx = io.vertx.core.Vertx.vertx();
                String bearer = "Bearer " + token(Path.of(args[1]), args[6]);
                load(vertx, bearer, args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]));
                System.out.println(load(vertx, bearer, args[2], Integer.parseInt(args[3]), Integer.parseInt(args[5])));
                vertx.close();
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static void stub(int port, int bytes) throws Exception {
        StringBuilder items = new StringBuilder("{\"items\":[");
        for (int i = 0; items.length() < bytes; i++) {
            items.append(i == 0 ? "" : ",").append("{\"id\":\"").append(java.util.UUID.randomUUID())
                    .append("\",\"title\":\"last(provider_balance) < 10 for app=chat-").append(i)
                    .append("\",\"labels\":{\"app\":\"chat-").append(i).append("\",\"tenant\":\"acme\"}}");
        }
        io.vertx.core.buffer.Buffer body = io.vertx.core.buffer.Buffer.buffer(items.append("],\"total\":20}").toString());
        io.vertx.core.Vertx.vertx().createHttpServer()
                .requestHandler(request -> request.response().putHeader("content-type", "application/json").end(body))
                .listen(port).toCompletionStage().toCompletableFuture().join();
        Thread.currentThread().join();
    }

    static void keys(Path dir) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        Files.write(dir.resolve("private.der"), pair.getPrivate().getEncoded());
        System.out.println(Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
    }

    static String token(Path dir, String issuer) throws Exception {
        PrivateKey key = KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(dir.resolve("private.der"))));
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        long now = System.currentTimeMillis() / 1000;
        String header = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"bench\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(("{\"iss\":\"" + issuer + "\",\"sub\":\"bench\",\"preferred_username\":\"bench\","
                + "\"realm_access\":{\"roles\":[\"admin\"]},\"iat\":" + now + ",\"exp\":" + (now + 3600) + "}")
                .getBytes(StandardCharsets.UTF_8));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(key);
        rsa.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
        return header + "." + claims + "." + b64.encodeToString(rsa.sign());
    }

    /** Sends GET {@code url} at {@code rate}/s for {@code seconds}; what the answers took. */
    static String load(io.vertx.core.Vertx vertx, String bearer, String url, int rate, int seconds) throws Exception {
        // a fixed set of keep-alive connections, as a fleet of clients would hold: a request due while all are busy
        // waits for one, and that wait is part of its latency
        io.vertx.ext.web.client.WebClient client = io.vertx.ext.web.client.WebClient.create(vertx,
                new io.vertx.ext.web.client.WebClientOptions().setMaxPoolSize(CONNECTIONS).setKeepAlive(true)
                        .setMaxWaitQueueSize(-1));
        int total = rate * seconds;
        long[] latencies = new long[total];
        AtomicInteger failures = new AtomicInteger();
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(total);
        long interval = 1_000_000_000L / rate;
        long start = System.nanoTime();
        int[] next = {0};
        vertx.setPeriodic(1, timer -> {
            long now = System.nanoTime();
            while (next[0] < total && start + next[0] * interval <= now) {
                int n = next[0]++;
                long due = start + n * interval;
                client.getAbs(url).putHeader("Authorization", bearer).timeout(10_000).send(answer -> {
                    latencies[n] = System.nanoTime() - due; // from when it was due: a late send counts as latency
                    if (answer.failed() || answer.result().statusCode() != 200) {
                        failures.incrementAndGet();
                    }
                    done.countDown();
                });
            }
            if (next[0] == total) {
                vertx.cancelTimer(timer);
            }
        });
        done.await();
        double elapsed = (System.nanoTime() - start) / 1e9;
        client.close();
        Arrays.sort(latencies);
        return String.format("requests=%d failures=%d rate=%.0f/s p50=%.2fms p99=%.2fms max=%.2fms", total, failures.get(),
                total / elapsed, latencies[total / 2] / 1e6, latencies[(int) (total * 0.99)] / 1e6,
                latencies[total - 1] / 1e6);
    }

    static final int CONNECTIONS = 32;
}
