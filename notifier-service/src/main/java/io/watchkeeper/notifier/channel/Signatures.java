package io.watchkeeper.notifier.channel;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The request signatures of the chat bots and of Standard Webhooks (EXTERNAL-APIS.md §7–9). */
public final class Signatures {

    public static final String WHSEC = "whsec_";

    private Signatures() {}

    /** Feishu: base64(HMAC-SHA256(key = "{timestamp}\n{secret}", message = "")), timestamp in seconds. */
    public static String feishu(long timestampSeconds, String secret) {
        return base64(hmac((timestampSeconds + "\n" + secret).getBytes(StandardCharsets.UTF_8), new byte[0]));
    }

    /**
     * DingTalk: url-encoded base64(HMAC-SHA256(key = secret, message = "{timestamp}\n{secret}")), timestamp in
     * milliseconds — key and message the other way round from Feishu.
     */
    public static String dingTalk(long timestampMillis, String secret) {
        byte[] mac = hmac(
                secret.getBytes(StandardCharsets.UTF_8),
                (timestampMillis + "\n" + secret).getBytes(StandardCharsets.UTF_8));
        return URLEncoder.encode(base64(mac), StandardCharsets.UTF_8);
    }

    /**
     * Standard Webhooks: {@code v1,} + base64(HMAC-SHA256(key = base64-decoded secret after {@code whsec_},
     * message = "{id}.{timestamp}.{body}")).
     */
    public static String standardWebhook(String secret, String id, long timestampSeconds, String body) {
        byte[] key = standardWebhookKey(secret);
        return "v1," + base64(hmac(key, (id + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8)));
    }

    /** The key of a {@code whsec_…} secret; IllegalArgumentException when it is not one. */
    public static byte[] standardWebhookKey(String secret) {
        String encoded = secret.startsWith(WHSEC) ? secret.substring(WHSEC.length()) : secret;
        byte[] key = Base64.getDecoder().decode(encoded);
        if (key.length < 16) {
            throw new IllegalArgumentException("the key must be at least 16 bytes");
        }
        return key;
    }

    private static byte[] hmac(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
