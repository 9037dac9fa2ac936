package io.watchkeeper.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.watchkeeper.contracts.Topics;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.event.MetricEvent;
import io.watchkeeper.contracts.event.MetricKind;
import io.watchkeeper.testsupport.KafkaRecords;
import io.watchkeeper.testsupport.TestInfra;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The web console in a real browser (headless Chromium) against the packaged services, signed in through the real
 * Keycloak's own sign-in page: what a viewer, an operator, an admin and a tenant's admin see and may do, with data
 * that came through the real pipeline (metric events on Kafka → evaluator → notifier).
 */
class ConsoleIT {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String ALERTS_TITLE = "console balance low " + RUN;

    private static LocalKeycloak keycloak;
    private static WireMockServer sink;
    private static Services services;
    private static ServiceProcess gateway;
    private static KafkaCompanion kafka;
    private static String console;
    private static String quotaId;

    @BeforeAll
    static void startSuite() throws Exception {
        keycloak = LocalKeycloak.fromEnvironment();
        sink = new WireMockServer(
                WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
        sink.start();
        sink.stubFor(post(urlPathEqualTo("/sink")).willReturn(aResponse().withStatus(200)));
        kafka = new KafkaCompanion(TestInfra.kafkaBootstrap());
        services = new Services(keycloak.issuer());
        ServiceProcess collector = services.start(
                "collector-service",
                services.database("collector"),
                Map.of("WK_COLLECTOR_POLL_MIN_INTERVAL", "1s", "WK_ALLOWED_HOSTS", "127.0.0.1,localhost"));
        ServiceProcess evaluator = services.start(
                "evaluator-service",
                services.database("evaluator"),
                Map.of("WK_EVALUATOR_GROUP", "e2e-console-evaluator-" + RUN, "WK_EVALUATOR_TICK", "1s"));
        ServiceProcess notifier = services.start(
                "notifier-service",
                services.database("notifier"),
                Map.of("WK_NOTIFIER_GROUP", "e2e-console-notifier-" + RUN, "WK_ALLOWED_HOSTS", "127.0.0.1,localhost"));
        ServiceProcess quota = services.start(
                "quota-service",
                services.database("quota"),
                Map.of(
                        "WK_QUOTA_USAGE_GROUP",
                        "e2e-console-usage-" + RUN,
                        "WK_QUOTA_ALERTS_GROUP",
                        "e2e-console-steps-" + RUN));
        Map<String, String> routes = new HashMap<>(Map.of(
                "WK_COLLECTOR_URL",
                collector.url(),
                "WK_EVALUATOR_URL",
                evaluator.url(),
                "WK_NOTIFIER_URL",
                notifier.url(),
                "WK_QUOTA_URL",
                quota.url(),
                "WK_IAM_URL",
                "http://127.0.0.1:1",
                "WK_CONSOLE_CLIENT_SECRET",
                keycloak.consoleSecret));
        gateway = services.start("api-gateway", services.database("gateway"), routes);
        services.awaitReady();
        console = gateway.url() + "/console";
        keycloak.allowConsoleAt(console);
        configureAndFire();
    }

    @AfterAll
    static void stopSuite() throws Exception {
        if (services != null) {
            services.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (sink != null) {
            sink.stop();
        }
    }

    @Test
    void a_viewer_sees_the_overview_and_the_alert_but_no_control_that_changes_anything() throws Exception {
        try (Browser browser = new Browser("en-US")) {
            browser.signIn(console, "viewer");
            WebElement critical = browser.waitFor(By.cssSelector("[data-severity=critical]"));
            assertThat(Integer.parseInt(critical.getText())).isGreaterThanOrEqualTo(1);
            assertThat(browser.driver
                            .findElement(By.cssSelector("[data-service=evaluator]"))
                            .getAttribute("data-status"))
                    .isEqualTo("UP");
            assertThat(browser.driver
                            .findElement(By.cssSelector("[data-service=iam]"))
                            .getAttribute("data-status"))
                    .as("a service that is down is shown down, the rest still shows")
                    .isEqualTo("UNREACHABLE");
            assertEveryControlIsNamed(browser);

            browser.open(console + "/alerts?status=firing");
            browser.driver.findElement(By.partialLinkText(ALERTS_TITLE)).click();
            browser.waitFor(By.id("alert-status"));
            assertThat(browser.driver.findElements(By.cssSelector("#alert-state button")))
                    .as("write controls")
                    .isEmpty();
            // the webhook sink got the alert: the delivery is recorded on the alert
            browser.wait(Duration.ofSeconds(30))
                    .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-delivery-status=sent]")));
            browser.screenshot("alert-viewer");

            browser.open(console + "/sources");
            browser.wait(Duration.ofSeconds(30))
                    .until(d -> d.findElement(By.cssSelector("[data-source='deepseek-" + RUN + "'] td.num"))
                            .getText()
                            .matches("(42|37)\\.00 CNY"));
            browser.wait(Duration.ofSeconds(30)).until(d -> {
                d.navigate().refresh(); // heartbeats arrive through Kafka
                return !d.findElements(By.cssSelector("[data-check=nightly-backup]"))
                        .isEmpty();
            });
            assertThat(browser.driver
                            .findElement(By.cssSelector("[data-check=nightly-backup]"))
                            .getText())
                    .contains("ping");
            assertThat(browser.driver.findElements(By.xpath("//button[normalize-space()='Refresh now']")))
                    .isEmpty();
            assertEveryControlIsNamed(browser);
            browser.screenshot("sources");
        }
    }

    @Test
    void the_overview_draws_each_balance_with_its_trend() throws Exception {
        balance("37.00"); // the next polls read less: a falling line
        try (Browser browser = new Browser("en-US")) {
            browser.signIn(console, "viewer");
            WebElement trend = browser.wait(Duration.ofSeconds(45)).until(d -> {
                d.navigate().refresh();
                var lines = d.findElements(By.cssSelector("[data-source='deepseek-" + RUN + "'] svg.spark.falling"));
                return lines.isEmpty() ? null : lines.get(0);
            });
            assertThat(trend.getAccessibleName()).contains("42").contains("37");
            assertThat(browser.driver
                            .findElement(By.cssSelector("[data-quota='" + quotaId + "'] [role=meter]"))
                            .getAttribute("aria-valuenow"))
                    .isEqualTo("0");
            browser.screenshot("overview");
        }
    }

    @Test
    void an_admin_allocates_to_a_quota_sees_an_underflow_refused_creates_a_silence_and_finds_it_all_audited()
            throws Exception {
        try (Browser browser = new Browser("en-US")) {
            browser.signIn(console + "/quotas/" + quotaId, "admin");
            allocate(browser, "50", "December top-up");
            browser.wait(Duration.ofSeconds(15)).until(d -> d.findElement(By.cssSelector("#quota-live .outcome"))
                    .getText()
                    .equals("Allocated."));
            assertThat(browser.driver.findElement(By.id("quota-allocated")).getText())
                    .startsWith("150");
            allocate(browser, "-1000", "too much");
            browser.wait(Duration.ofSeconds(15)).until(d -> d.findElement(By.cssSelector("#quota-live .outcome"))
                    .getText()
                    .startsWith("Refused: deducting 1000 would leave"));
            assertThat(browser.driver.findElement(By.id("quota-allocated")).getText())
                    .as("nothing changed")
                    .startsWith("150");
            browser.screenshot("quota-underflow-refused");

            browser.open(console + "/alerts?status=firing");
            browser.driver.findElement(By.partialLinkText(ALERTS_TITLE)).click();
            browser.waitFor(By.partialLinkText("Silence alerts like this")).click();
            WebElement form = browser.waitFor(By.id("silence-form"));
            assertThat(form.findElement(By.id("label-run")).isSelected()).isTrue();
            assertThat(form.findElement(By.id("label-alertname")).isSelected()).isFalse();
            form.findElement(By.name("comment")).sendKeys("maintenance " + RUN);
            browser.screenshot("silence-new");
            form.findElement(By.xpath(".//button[@type='submit']")).click();
            WebElement row = browser.wait(Duration.ofSeconds(15))
                    .until(ExpectedConditions.presenceOfElementLocated(
                            By.cssSelector("#silence-list tr[data-state=active]")));
            assertThat(row.getText()).contains("run=" + RUN).contains("maintenance " + RUN);
            browser.screenshot("silences");
            row.findElement(By.tagName("button")).click();
            browser.wait(Duration.ofSeconds(15))
                    .until(d ->
                            d.findElement(By.cssSelector(".outcome")).getText().equals("Silence expired."));

            browser.open(console + "/channels");
            browser.driver
                    .findElement(By.cssSelector("[data-channel='sink " + RUN + "'] button"))
                    .click();
            browser.wait(Duration.ofSeconds(20))
                    .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-test-result=delivered]")));

            browser.open(console + "/audit?path=/api/v1/quotas");
            assertThat(browser.driver.findElements(
                            By.cssSelector("tr[data-audit-path='/api/v1/quotas/" + quotaId + "/allocations']")))
                    .as("both allocations, the refused one too")
                    .hasSizeGreaterThanOrEqualTo(2);
            browser.screenshot("audit");
        }
    }

    @Test
    void an_operator_acknowledges_an_alert_and_sees_it_change_and_new_alerts_arrive_without_a_reload()
            throws Exception {
        try (Browser browser = new Browser("en-US")) {
            browser.signIn(console + "/alerts?status=firing", "operator");
            browser.driver.findElement(By.partialLinkText(ALERTS_TITLE)).click();
            WebElement status = browser.waitFor(By.id("alert-status"));
            assertThat(status.getAttribute("data-status")).isEqualTo("firing");
            browser.driver
                    .findElement(By.xpath("//button[normalize-space()='Acknowledge']"))
                    .click();
            browser.wait(Duration.ofSeconds(15)).until(d -> "acknowledged"
                    .equals(d.findElement(By.id("alert-status")).getAttribute("data-status")));
            assertThat(browser.driver.findElement(By.cssSelector(".outcome")).getText())
                    .isEqualTo("Acknowledged.");
            assertThat(browser.driver.findElement(By.cssSelector(".history")).getText())
                    .contains("operator");
            browser.screenshot("alert-acknowledged");
            // handling runs the remediations that match the alert: there is none here, and the page says so
            browser.driver
                    .findElement(By.xpath("//button[normalize-space()='Handle (run remediation)']"))
                    .click();
            browser.wait(Duration.ofSeconds(15)).until(d -> d.findElement(By.cssSelector(".outcome"))
                    .getText()
                    .equals("No remediation action matches this alert."));

            // the list refreshes itself: a new breach shows up while the page stays open
            browser.open(console + "/alerts?status=firing");
            int before = browser.driver
                    .findElements(By.cssSelector("#alert-list tbody tr"))
                    .size();
            breach("second-" + RUN, null);
            browser.wait(Duration.ofSeconds(45))
                    .until(d -> d.findElements(By.cssSelector("#alert-list tbody tr"))
                                    .size()
                            > before);
            browser.screenshot("alerts");
        }
    }

    @Test
    void a_tenant_admin_sees_only_its_tenant() {
        try (Browser browser = new Browser("en-US")) {
            browser.signIn(console + "/alerts", "acme-admin");
            browser.waitFor(By.partialLinkText("acme balance low " + RUN));
            assertThat(browser.driver.findElement(By.id("alert-list")).getText())
                    .doesNotContain(ALERTS_TITLE);
            assertThat(browser.driver.findElement(By.id("who")).getText()).contains("acme");
            // signing out ends the session at Keycloak too: the console asks to sign in again
            browser.driver.findElement(By.linkText("Sign out")).click();
            browser.waitFor(By.id("username"));
            browser.driver.get(console + "/alerts");
            browser.waitFor(By.id("username"));
        }
    }

    @Test
    void the_console_speaks_chinese_to_a_chinese_browser_with_the_chat_messages_words_and_fits_a_phone()
            throws Exception {
        try (Browser browser = new Browser("zh-CN")) {
            browser.size(390, 844);
            browser.signIn(console + "/alerts?status=firing", "viewer");
            assertThat(browser.driver.findElement(By.tagName("h1")).getText()).isEqualTo("告警");
            assertThat(browser.driver
                            .findElement(By.cssSelector("#alert-list [data-status=firing]"))
                            .getText())
                    .isEqualTo("告警");
            browser.screenshot("alerts-zh-phone");
            assertThat(browser.sidewaysOverflow())
                    .as("what is wider than a phone")
                    .isEmpty();
            browser.open(console);
            browser.waitFor(By.cssSelector("[data-severity=critical]"));
            browser.screenshot("overview-zh-phone");
            assertThat(browser.sidewaysOverflow())
                    .as("what is wider than a phone")
                    .isEmpty();
        }
    }

    private static void allocate(Browser browser, String amount, String note) {
        WebElement form = browser.waitFor(By.cssSelector("form[hx-post$='/allocations']"));
        form.findElement(By.name("amount")).sendKeys(amount);
        form.findElement(By.name("note")).sendKeys(note);
        form.findElement(By.tagName("button")).click();
    }

    /** Every link, button and field has a name a screen reader can say. */
    private static void assertEveryControlIsNamed(Browser browser) {
        for (WebElement control : browser.driver.findElements(By.cssSelector("a, button, input, select, [role=img]"))) {
            if (control.isDisplayed()) {
                assertThat(control.getAccessibleName())
                        .as("accessible name of " + control.getTagName())
                        .isNotBlank();
            }
        }
    }

    /** A rule per tenant, a webhook channel with its route, and breaches that fire both rules, all through the API. */
    private static void configureAndFire() {
        String admin = keycloak.token("admin");
        as(admin)
                .body(
                        """
                {"name":"%s","type":"threshold","severity":"critical","cooldownMinutes":0,
                 "matchers":[{"label":"run","op":"=","value":"%s"},{"label":"team","op":"=","value":"ops"}],
                 "condition":{"metric":"e2e_console_balance","aggregation":"last","window":"10m","operator":"<","threshold":100}}"""
                                .formatted(ALERTS_TITLE, RUN))
                .post("/api/v1/rules")
                .then()
                .statusCode(201);
        as(keycloak.token("acme-admin"))
                .body(
                        """
                {"name":"acme balance low %s","type":"threshold","severity":"warning","cooldownMinutes":0,
                 "matchers":[{"label":"run","op":"=","value":"%s"}],
                 "condition":{"metric":"e2e_console_balance","aggregation":"last","window":"10m","operator":"<","threshold":100}}"""
                                .formatted(RUN, RUN))
                .post("/api/v1/rules")
                .then()
                .statusCode(201);
        String channel = as(admin)
                .body("{\"name\":\"sink " + RUN + "\",\"type\":\"alertmanager_webhook\",\"webhookUrl\":\""
                        + sink.baseUrl() + "/sink\"}")
                .post("/api/v1/channels")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        as(admin)
                .body("{\"name\":\"all " + RUN + "\",\"matchers\":[{\"label\":\"run\",\"op\":\"=\",\"value\":\"" + RUN
                        + "\"}],\"channelIds\":[\"" + channel + "\"],\"groupWait\":\"0s\"}")
                .post("/api/v1/routes")
                .then()
                .statusCode(201);
        // a DeepSeek account whose balance falls from 42 to 37 between polls (EXTERNAL-APIS.md §2)
        balance("42.00");
        as(admin)
                .body("{\"name\":\"deepseek-" + RUN + "\",\"provider\":\"deepseek\",\"baseUrl\":\"" + sink.baseUrl()
                        + "/deepseek\",\"credential\":\"sk-console-test-0123456789\",\"pollInterval\":\"1s\"}")
                .post("/api/v1/sources")
                .then()
                .statusCode(201);
        // a heartbeat: a ping key and one ping through the gateway
        String pingKey = as(admin)
                .body("{\"name\":\"backups " + RUN + "\"}")
                .post("/api/v1/ping-keys")
                .then()
                .statusCode(201)
                .extract()
                .path("key");
        given().get(gateway.url() + "/ping/" + pingKey + "/nightly-backup")
                .then()
                .statusCode(200);
        quotaId = as(admin)
                .body(
                        """
                {"subject":{"type":"tenant","id":"ops-%s"},"metric":"e2e_console_tokens","labels":{"run":"%s"},
                 "unit":"tokens","kind":"prepaid","initialAllocation":100}"""
                                .formatted(RUN, RUN))
                .post("/api/v1/quotas")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        breach("first-" + RUN, null);
        breach("acme-" + RUN, "acme");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> as(admin)
                                .queryParam("status", "firing")
                                .get("/api/v1/alerts")
                                .then()
                                .extract()
                                .jsonPath()
                                .getList("items.title")
                                .size()
                        >= 2);
    }

    private static void balance(String total) {
        sink.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathEqualTo("/deepseek/user/balance"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(
                                """
                        {"is_available":true,"balance_infos":[{"currency":"CNY","total_balance":"%s",
                         "granted_balance":"0.00","topped_up_balance":"%s"}]}"""
                                        .formatted(total, total))));
    }

    /** A balance of 40 for a new series of this run (the ops team's, or a tenant's): below the rules' 100. */
    private static void breach(String series, String tenant) {
        Map<String, String> labels = new HashMap<>(Map.of("run", RUN, "series", series));
        labels.put(tenant == null ? "team" : "tenant", tenant == null ? "ops" : tenant);
        MetricEvent m = new MetricEvent(
                "e2e_console_balance",
                MetricKind.BALANCE,
                BigDecimal.valueOf(40),
                "USD",
                labels,
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
        kafka.produce(String.class, byte[].class)
                .fromRecords(KafkaRecords.cloudEvent(Topics.METRICS, m.seriesKey(), CloudEvent.of("e2e", m)))
                .awaitCompletion(Duration.ofSeconds(30));
    }

    private static RequestSpecification as(String token) {
        return given().baseUri(gateway.url())
                .header("Authorization", "Bearer " + token)
                .contentType(ContentType.JSON);
    }
}
