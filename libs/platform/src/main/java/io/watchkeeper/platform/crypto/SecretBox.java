package io.watchkeeper.platform.crypto;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Encrypts secrets at rest with AES-256-GCM under the key in {@code WK_ENCRYPTION_KEY} (base64, 32 bytes).
 * Created at start-up so a service without a valid key refuses to start.
 */
@Startup
@ApplicationScoped
public class SecretBox {

    private static final String PREFIX = "v1:";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    public SecretBox(@ConfigProperty(name = "watchkeeper.encryption-key") String base64Key) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64Key.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("watchkeeper.encryption-key (WK_ENCRYPTION_KEY) is not base64");
        }
        if (raw.length != 32) {
            throw new IllegalStateException(
                    "watchkeeper.encryption-key (WK_ENCRYPTION_KEY) must be 32 bytes, base64-encoded; was "
                            + raw.length);
        }
        this.key = new SecretKeySpec(raw, "AES");
    }

    /** {@code v1:} + base64(iv ‖ ciphertext ‖ tag). */
    public String seal(String plaintext) {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return PREFIX
                    + Base64.getEncoder()
                            .encodeToString(ByteBuffer.allocate(iv.length + sealed.length)
                                    .put(iv)
                                    .put(sealed)
                                    .array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    public String open(String sealed) {
        if (sealed == null || !sealed.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a sealed secret");
        }
        byte[] data = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, data, 0, IV_BYTES));
            return new String(cipher.doFinal(data, IV_BYTES, data.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("secret cannot be decrypted with the configured key", e);
        }
    }

    /** What a caller may see of a secret: its first and last four characters ("sk-o…x9Qa"). */
    public static String hint(String secret) {
        if (secret == null || secret.isEmpty()) {
            return "";
        }
        if (secret.length() < 12) {
            return "…" + secret.substring(Math.max(0, secret.length() - 2));
        }
        return secret.substring(0, 4) + "…" + secret.substring(secret.length() - 4);
    }
}
