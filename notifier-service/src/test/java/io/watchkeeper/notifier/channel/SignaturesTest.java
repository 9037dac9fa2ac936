package io.watchkeeper.notifier.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The published test vectors (EXTERNAL-APIS.md, "Test vectors"). */
class SignaturesTest {

    @Test
    void standard_webhooks_vector() {
        assertThat(Signatures.standardWebhook(
                        "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                        "msg_p5jXN8AQM9LWM0D4loKWxJek",
                        1614265330L,
                        "{\"test\": 2432232314}"))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void feishu_vector() {
        assertThat(Signatures.feishu(1599360473L, "demo-secret"))
                .isEqualTo("3/MaVZ8JLIy4TUG+7KSFJqvUkTKd+HWY8g+56DZWq8s=");
    }

    @Test
    void dingtalk_vector_url_encoded() {
        assertThat(Signatures.dingTalk(1577808000000L, "SECdemo"))
                .isEqualTo("SFqI8mtuQw6r87NiZIWLBWL38%2B%2BgElAGVS%2FzEomx%2Bfw%3D");
    }

    @Test
    void a_webhook_secret_must_be_a_base64_key() {
        assertThatThrownBy(() -> Signatures.standardWebhookKey("whsec_not base64!"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Signatures.standardWebhookKey("whsec_c2hvcnQ="))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
