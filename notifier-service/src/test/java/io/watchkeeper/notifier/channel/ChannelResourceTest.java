package io.watchkeeper.notifier.channel;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.watchkeeper.notifier.NotifierTest;
import io.watchkeeper.testsupport.TestTokens;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@NotifierTest
public class ChannelResourceTest {

    private static final String KEY = "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa";

    @Test
    void the_webhook_secret_goes_in_and_never_comes_out() {
        String name = "ops-" + UUID.randomUUID();
        String id = as("admin")
                .body(channel(name, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=" + KEY))
                .when()
                .post("/api/v1/channels")
                .then()
                .statusCode(201)
                .body("webhookHint", equalTo("qyapi.weixin.qq.com …5aaa"))
                .body(not(containsString(KEY)))
                .extract()
                .path("id");

        as("viewer")
                .when()
                .get("/api/v1/channels/" + id)
                .then()
                .statusCode(200)
                .body("mentionedMobiles[0]", equalTo("13800001111"))
                .body(not(containsString(KEY)));
        as("viewer")
                .when()
                .get("/api/v1/channels?size=500")
                .then()
                .statusCode(200)
                .body(not(containsString(KEY)));
    }

    @Test
    void plain_http_and_internal_addresses_are_refused_unless_allow_listed() {
        as("admin")
                .body(channel("a-" + UUID.randomUUID(), "http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"))
                .when()
                .post("/api/v1/channels")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("webhookUrl"))
                .body("detail", containsString("https"));
        as("admin")
                .body(channel("b-" + UUID.randomUUID(), "https://169.254.169.254/latest/meta-data"))
                .when()
                .post("/api/v1/channels")
                .then()
                .statusCode(400)
                .body("detail", containsString("internal"));
        // the tests allow-list loopback, where the stub bots listen
        as("admin")
                .body(channel("c-" + UUID.randomUUID(), "http://127.0.0.1:1/cgi-bin/webhook/send?key=k"))
                .when()
                .post("/api/v1/channels")
                .then()
                .statusCode(201);
    }

    @Test
    void bad_input_is_a_400_naming_the_field() {
        as("admin")
                .body(channel("d-" + UUID.randomUUID(), "https://example.com/x").replace("wechat_work", "pigeon"))
                .when()
                .post("/api/v1/channels")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("type"));
        as("admin")
                .body(channel("e-" + UUID.randomUUID(), "https://example.com/x").replace("13800001111", "call me"))
                .when()
                .post("/api/v1/channels")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("mentionedMobiles[0]"));
        // paging out of bounds, as on every list endpoint (PageQuery)
        as("admin")
                .queryParam("size", 501)
                .when()
                .get("/api/v1/channels")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("size"));
        as("admin")
                .queryParam("page", -1)
                .when()
                .get("/api/v1/channels")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("page"));
        as("admin")
                .queryParam("size", 1)
                .when()
                .get("/api/v1/channels")
                .then()
                .statusCode(200)
                .body("size", equalTo(1))
                .body("items.size()", org.hamcrest.Matchers.lessThanOrEqualTo(1));
    }

    @Test
    void only_admins_create_channels() {
        as("operator")
                .body(channel("f", "https://example.com/x"))
                .when()
                .post("/api/v1/channels")
                .then()
                .statusCode(403);
        given().contentType(ContentType.JSON)
                .body(channel("f", "https://example.com/x"))
                .when()
                .post("/api/v1/channels")
                .then()
                .statusCode(401);
    }

    public static String channel(String name, String url) {
        return "{\"name\":\"" + name + "\",\"type\":\"wechat_work\",\"webhookUrl\":\"" + url + "\","
                + "\"mentionedMobiles\":[\"13800001111\"]}";
    }

    private static RequestSpecification as(String role) {
        return given().header("Authorization", TestTokens.bearer(role + "-user", role))
                .contentType(ContentType.JSON);
    }
}
