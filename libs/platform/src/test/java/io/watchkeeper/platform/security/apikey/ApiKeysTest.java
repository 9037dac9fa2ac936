package io.watchkeeper.platform.security.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiKeysTest {

    @Test
    void a_key_has_its_shape_a_visible_prefix_and_256_random_bits() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String key = ApiKeys.generate();
            assertThat(ApiKeys.looksLikeKey(key)).as(key).isTrue();
            assertThat(ApiKeys.prefix(key)).matches("wk_[a-z0-9]{8}");
            assertThat(key).startsWith(ApiKeys.prefix(key) + "_");
            seen.add(key);
        }
        assertThat(seen).hasSize(1000);
    }

    @Test
    void the_hash_is_the_lower_case_hex_sha256_of_the_whole_key() {
        assertThat(ApiKeys.sha256("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void tokens_and_garbage_do_not_look_like_keys() {
        assertThat(ApiKeys.looksLikeKey("eyJhbGciOiJSUzI1NiJ9.e30.sig")).isFalse();
        assertThat(ApiKeys.looksLikeKey("wk_short_x")).isFalse();
        assertThat(ApiKeys.looksLikeKey(null)).isFalse();
        assertThat(ApiKeys.looksLikeKey(ApiKeys.generate() + "x")).isFalse();
    }
}
