package io.watchkeeper.notifier.channel.email;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.watchkeeper.contracts.Topics;
import io.watchkeeper.contracts.cloudevents.CloudEvent;
import io.watchkeeper.contracts.event.AlertEvent;
import io.watchkeeper.contracts.event.AlertStatus;
import io.watchkeeper.contracts.event.Severity;
import io.watchkeeper.notifier.NotifierTest;
import io.watchkeeper.testsupport.KafkaRecords;
import io.watchkeeper.testsupport.TestTokens;
import io.watchkeeper.testsupport.Waits;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The email channel against a real SMTP server (GreenMail): format, escaping, and an SMTP outage. */
@NotifierTest
@QuarkusTestResource(SmtpServer.class)
class EmailChannelTest {

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Test
    void a_test_mail_has_html_and_text_and_escapes_what_alerts_say() throws Exception {
        String to = "ops-" + UUID.randomUUID() + "@example.com";
        String id = as("admin")
                .body(
                        """
                {"name":"<b>ops</b> %s","type":"email","emails":["%s","oncall@example.com"]}"""
                                .formatted(UUID.randomUUID(), to))
                .when()
                .post("/api/v1/channels")
                .then()
                .statusCode(201)
                .body("emails[0]", equalTo(to))
                .body("webhookHint", org.hamcrest.Matchers.nullValue())
                .extract()
                .path("id");

        as("operator")
                .when()
                .post("/api/v1/channels/" + id + "/test")
                .then()
                .statusCode(200)
                .body("delivered", equalTo(true));

        MimeMessage mail = Waits.flow().until(() -> to(to), m -> m != null);
        assertThat(mail.getSubject()).startsWith("[FIRING] Test message from Watchkeeper to <b>ops</b>");
        assertThat(List.of(mail.getAllRecipients()).stream().map(Object::toString))
                .contains(to, "oncall@example.com");
        String html = part(mail, "text/html");
        String text = part(mail, "text/plain");
        assertThat(html)
                .contains("&lt;b&gt;ops&lt;/b&gt;")
                .doesNotContain("<b>ops</b>")
                .contains("severity");
        assertThat(text)
                .startsWith("[FIRING] Test message from Watchkeeper to <b>ops</b>")
                .contains("alertname: channel test");
    }

    @Test
    void a_chinese_email_channel_writes_subject_and_lines_in_chinese() throws Exception {
        String to = "zh-" + UUID.randomUUID() + "@example.com";
        String id = as("admin")
                .body("""
                {"name":"值班 %s","type":"email","emails":["%s"],"language":"zh"}"""
                        .formatted(UUID.randomUUID(), to))
                .when()
                .post("/api/v1/channels")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        as("operator")
                .when()
                .post("/api/v1/channels/" + id + "/test")
                .then()
                .statusCode(200)
                .body("delivered", equalTo(true));

        MimeMessage mail = Waits.flow().until(() -> to(to), m -> m != null);
        assertThat(mail.getSubject()).startsWith("【告警】Test message from Watchkeeper to 值班");
        assertThat(part(mail, "text/html"))
                .contains("级别：info")
                .contains("由 Watchkeeper 发送。")
                .contains("<th align=\"left\">alertname</th><td>channel test</td>");
        assertThat(part(mail, "text/plain")).contains("开始时间：").contains("alertname: channel test");
    }

    @Test
    void an_email_channel_is_addresses_not_a_url() {
        as("admin")
                .body(
                        """
                {"name":"%s","type":"email","webhookUrl":"https://example.com/x","emails":["a@example.com"]}"""
                                .formatted(UUID.randomUUID()))
                .when()
                .post("/api/v1/channels")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("webhookUrl"));
        as("admin")
                .body("""
                {"name":"%s","type":"email"}""".formatted(UUID.randomUUID()))
                .when()
                .post("/api/v1/channels")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("emails"));
        as("admin")
                .body("""
                {"name":"%s","type":"email","emails":["not an address"]}"""
                        .formatted(UUID.randomUUID()))
                .when()
                .post("/api/v1/channels")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("emails[0]"));
    }

    @Test
    void mail_waits_out_an_smtp_outage_and_goes_once() throws Exception {
        String to = "outage-" + UUID.randomUUID() + "@example.com";
        String channelId = as("admin")
                .body("""
                {"name":"mail-%s","type":"email","emails":["%s"]}"""
                        .formatted(UUID.randomUUID(), to))
                .when()
                .post("/api/v1/channels")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        as("admin")
                .body(
                        """
                {"name":"mail-%s","matchers":[{"label":"test_route","op":"=","value":"%s"}],"channelIds":["%s"],"continueMatching":true}"""
                                .formatted(UUID.randomUUID(), channelId, channelId))
                .when()
                .post("/api/v1/routes")
                .then()
                .statusCode(201);
        AlertEvent alert = new AlertEvent(
                UUID.randomUUID(),
                UUID.randomUUID().toString().substring(0, 16),
                UUID.randomUUID().toString(),
                "disk",
                "threshold",
                AlertStatus.FIRING,
                Severity.ERROR,
                "disk almost full on db-1",
                "93 % used",
                Map.of("host", "db-1", "test_route", channelId),
                Map.of(),
                null,
                null,
                Instant.now().truncatedTo(ChronoUnit.MILLIS),
                null,
                null,
                null);

        SmtpServer.down();
        try {
            kafka.produce(String.class, byte[].class)
                    .fromRecords(KafkaRecords.cloudEvent(
                            Topics.ALERTS, alert.fingerprint(), CloudEvent.of(alert.alertId() + ".1", "test", alert)))
                    .awaitCompletion();
            Waits.flow().untilAsserted(() -> deliveries(alert)
                    .body("items[0].status", equalTo("pending"))
                    .body("items[0].lastError", org.hamcrest.Matchers.startsWith("SMTP")));
        } finally {
            SmtpServer.up();
        }

        Waits.recovery().untilAsserted(() -> deliveries(alert).body("items[0].status", equalTo("sent")));
        String deliveryId = deliveries(alert).extract().path("items[0].id");
        MimeMessage mail = to(to);
        assertThat(mail.getSubject()).isEqualTo("[FIRING] disk almost full on db-1");
        assertThat(mail.getHeader(EmailSender.DELIVERY_HEADER)[0]).isEqualTo(deliveryId);
        assertThat(SmtpServer.received().stream().filter(m -> recipients(m).contains(to)))
                .hasSize(1);
    }

    private static MimeMessage to(String address) {
        return SmtpServer.received().stream()
                .filter(m -> recipients(m).contains(address))
                .findFirst()
                .orElse(null);
    }

    private static List<String> recipients(MimeMessage m) {
        try {
            List<String> out = new ArrayList<>();
            for (var a : m.getAllRecipients()) {
                out.add(a.toString());
            }
            return out;
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String part(MimeMessage mail, String type) throws Exception {
        return find((Multipart) mail.getContent(), type);
    }

    private static String find(Multipart multipart, String type) throws Exception {
        for (int i = 0; i < multipart.getCount(); i++) {
            BodyPart p = multipart.getBodyPart(i);
            if (p.getContent() instanceof Multipart nested) {
                String found = find(nested, type);
                if (found != null) {
                    return found;
                }
            } else if (p.isMimeType(type)) {
                return p.getContent().toString();
            }
        }
        return null;
    }

    private static io.restassured.response.ValidatableResponse deliveries(AlertEvent alert) {
        return given().header("Authorization", TestTokens.bearer("vera", "viewer"))
                .queryParam("alertId", alert.alertId().toString())
                .when()
                .get("/api/v1/deliveries")
                .then()
                .statusCode(200);
    }

    private static RequestSpecification as(String role) {
        return given().header("Authorization", TestTokens.bearer(role + "-user", role))
                .contentType(ContentType.JSON);
    }
}
