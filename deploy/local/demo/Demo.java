import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local run's demo (deploy/local/up.sh starts it; WK_DEMO=off leaves it out): tenant "acme", seeded through the
 * gateway's API as acme-admin, and the outside world it watches, so that alerts fire, deliveries are recorded and a
 * quota moves within two minutes, all through the real pipeline (collector → Kafka → evaluator → notifier):
 * <ul>
 * <li>a simulated DeepSeek account (EXTERNAL-APIS.md §2, GET /deepseek/user/balance) whose balance drains by 3 CNY a
 * poll and is topped up again at 40: a threshold alert below 100 and a depletion forecast;</li>
 * <li>a backup job's heartbeat that pings every 10 s for a minute, then stays silent for four: an absence alert;</li>
 * <li>an energy meter that reports 20 kWh every 10 s for three minutes against a monthly quota of 300 kWh;</li>
 * <li>a channel to a local sink (POST /sink; GET /sink shows what arrived).</li>
 * </ul>
 * Run: {@code java deploy/local/demo/Demo.java GATEWAY_URL ISSUER_URL PORT STATE_DIR}. Seeding is idempotent: what
 * exists (by name) is left alone.
 */
public class Demo {

    static final String TENANT = "acme";
    static final String USER = "acme-admin";
    static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final String gateway;
    final String issuer;
    final int port;
    final Path state;
    final Deque<String> sink = new ArrayDeque<>();
    final Instant started = Instant.now();
    volatile BigDecimal balance = new BigDecimal("106.00");
    volatile String pingKey;

    Demo(String gateway, String issuer, int port, Path state) {
        this.gateway = gateway;
        this.issuer = issuer;
        this.port = port;
        this.state = state;
    }

    public static void main(String[] args) throws Exception {
        Demo demo = new Demo(args[0], args[1], Integer.parseInt(args[2]), Path.of(args[3]));
        demo.serve();
        demo.seed();
        demo.run();
    }

    /** The outside world: the provider's balance endpoint and the chat sink. */
    void serve() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/deepseek/user/balance", ex -> {
            BigDecimal now = balance;
            balance = now.compareTo(new BigDecimal("40")) <= 0 ? new BigDecimal("106.00") : now.subtract(new BigDecimal("3"));
            respond(ex, 200, """
                    {"is_available":true,"balance_infos":[{"currency":"CNY","total_balance":"%s","granted_balance":"0.00",\
                    "topped_up_balance":"%s"}]}""".formatted(now.toPlainString(), now.toPlainString()));
        });
        server.createContext("/sink", ex -> {
            if ("POST".equals(ex.getRequestMethod())) {
                String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                synchronized (sink) {
                    sink.addFirst(Instant.now().truncatedTo(ChronoUnit.SECONDS) + " " + body);
                    while (sink.size() > 50) {
                        sink.removeLast();
                    }
                }
                System.out.println("demo sink received a message of " + body.length() + " characters");
                respond(ex, 200, "{}");
            } else {
                synchronized (sink) {
                    respond(ex, 200, String.join("\n\n", sink));
                }
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
        System.out.println("demo provider and sink on http://127.0.0.1:" + port);
    }

    /** What the demo tenant watches, made through the API; what already exists is kept. */
    void seed() throws Exception {
        String sinkUrl = "http://127.0.0.1:" + port + "/sink";
        String channel = ensure("/api/v1/channels", "demo-sink", """
                {"name":"demo-sink","type":"alertmanager_webhook","webhookUrl":"%s"}""".formatted(sinkUrl));
        ensure("/api/v1/routes", "demo-all", """
                {"name":"demo-all","matchers":[{"label":"tenant","op":"=","value":"%s"}],"channelIds":["%s"],
                 "groupWait":"0s","repeatInterval":"1h"}""".formatted(TENANT, channel));
        ensure("/api/v1/sources", "demo-deepseek", """
                {"name":"demo-deepseek","provider":"deepseek","baseUrl":"http://127.0.0.1:%d/deepseek",
                 "credential":"sk-demo-0000000000000000","pollInterval":"30s"}""".formatted(port));
        ensure("/api/v1/rules", "demo balance below 100", """
                {"name":"demo balance below 100","type":"threshold","severity":"critical","cooldownMinutes":0,
                 "matchers":[{"label":"source","op":"=","value":"demo-deepseek"}],
                 "condition":{"metric":"provider_balance","aggregation":"last","window":"10m","operator":"<","threshold":100}}""");
        ensure("/api/v1/rules", "demo balance runs out", """
                {"name":"demo balance runs out","type":"forecast","severity":"warning","cooldownMinutes":0,
                 "matchers":[{"label":"source","op":"=","value":"demo-deepseek"}],
                 "condition":{"metric":"provider_balance","window":"6h","horizon":"1d"}}""");
        ensure("/api/v1/rules", "demo backup heartbeat", """
                {"name":"demo backup heartbeat","type":"absence","severity":"error","cooldownMinutes":0,
                 "matchers":[{"label":"slug","op":"=","value":"demo-backup"}],
                 "condition":{"metric":"heartbeat","grace":"30s"}}""");
        if (!call("GET", "/api/v1/quotas?size=500", null).contains("\"demo-building\"")) {
            call("POST", "/api/v1/quotas", """
                    {"subject":{"type":"energy_target","id":"demo-building"},"metric":"energy_consumption",
                     "labels":{"device_group":"demo-building"},"unit":"kWh","kind":"periodic","period":"monthly",
                     "perPeriod":300,"warningPct":80,"alertPct":100}""");
        }
        Path keyFile = state.resolve("demo-ping-key");
        if (Files.exists(keyFile)) {
            pingKey = Files.readString(keyFile).trim();
        } else {
            String created = call("POST", "/api/v1/ping-keys", "{\"name\":\"demo-" + Instant.now().getEpochSecond() + "\"}");
            pingKey = field(created, "key");
            Files.writeString(keyFile, pingKey);
        }
        System.out.println("demo seeded for tenant " + TENANT);
    }

    /** Every 10 s: the heartbeat (a minute on, four off) and, for three minutes, a meter reading. */
    void run() {
        ScheduledExecutorService every = Executors.newSingleThreadScheduledExecutor();
        every.scheduleAtFixedRate(() -> {
            try {
                long seconds = Duration.between(started, Instant.now()).toSeconds();
                if (seconds % 300 < 60) {
                    send(HttpRequest.newBuilder(URI.create(gateway + "/ping/" + pingKey + "/demo-backup")).GET().build());
                }
                if (seconds < 180) {
                    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
                    call("POST", "/api/v1/ingest/energy", """
                            [{"readingId":"demo-%d","energyType":"electricity","deviceId":"meter-1",
                              "deviceGroup":"demo-building","value":20,"unit":"kWh","readAt":"%s"}]"""
                            .formatted(now.getEpochSecond(), now));
                }
            } catch (Exception e) {
                System.out.println("demo: " + e.getMessage() + " (trying again in 10 s)");
            }
        }, 0, 10, TimeUnit.SECONDS);
    }

    /** The id of the object named {@code name} in {@code collection}, made from {@code body} when missing. */
    String ensure(String collection, String name, String body) throws Exception {
        String list = call("GET", collection + "?size=500", null);
        Matcher existing = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"[^{}]*?\"name\"\\s*:\\s*\"" + Pattern.quote(name) + "\"")
                .matcher(list);
        if (existing.find()) {
            return existing.group(1);
        }
        return field(call("POST", collection, body), "id");
    }

    String call(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token()).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return send(request.build());
    }

    String send(HttpRequest request) throws Exception {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(request.method() + " " + request.uri().getPath() + ": " + response.statusCode()
                    + " " + response.body());
        }
        return response.body();
    }

    /** A fresh token for the demo tenant's admin (the local realm's password grant). */
    String token() throws Exception {
        String form = "grant_type=password&client_id=watchkeeper-cli&username=" + USER + "&password="
                + URLEncoder.encode(USER, StandardCharsets.UTF_8);
        String answer = send(HttpRequest.newBuilder(URI.create(issuer + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
        Matcher m = ACCESS_TOKEN.matcher(answer);
        if (!m.find()) {
            throw new IllegalStateException("no access token from " + issuer);
        }
        return m.group(1);
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    static void respond(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", body.startsWith("{") ? "application/json" : "text/plain; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }
}
