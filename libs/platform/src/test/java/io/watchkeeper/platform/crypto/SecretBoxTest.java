package io.watchkeeper.platform.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretBoxTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);

    @Test
    void sealed_secret_opens_and_never_shows_the_plaintext() {
        SecretBox box = new SecretBox(KEY);
        String sealed = box.seal("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6");

        assertThat(sealed).startsWith("v1:").doesNotContain("693a91f6");
        assertThat(box.open(sealed)).isEqualTo("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6");
        assertThat(box.seal("same")).isNotEqualTo(box.seal("same"));
    }

    @Test
    void tampered_or_foreign_ciphertext_is_refused() {
        SecretBox box = new SecretBox(KEY);
        SecretBox other =
                new SecretBox(Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes()));

        assertThatThrownBy(() -> other.open(box.seal("secret"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void a_key_of_the_wrong_size_stops_start_up() {
        assertThatThrownBy(() -> new SecretBox(Base64.getEncoder().encodeToString(new byte[16])))
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> new SecretBox("not base64 !")).hasMessageContaining("not base64");
    }

    @Test
    void hint_shows_first_and_last_four() {
        assertThat(SecretBox.hint("sk-or-v1-abcdefgh12345678")).isEqualTo("sk-o…5678");
        assertThat(SecretBox.hint("short")).isEqualTo("…rt");
    }
}
