package io.watchkeeper.platform.cloud;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Volcengine OpenAPI request signing (HMAC-SHA256, EXTERNAL-APIS.md §5): canonical request → string to sign →
 * key derived from the secret by date, region and service → {@code Authorization} header. Shared by every caller of
 * a Volcengine API.
 */
public final class VolcengineSigner {

    static final String ALGORITHM = "HMAC-SHA256";
    private static final DateTimeFormatter X_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private VolcengineSigner() {}

    /**
     * The headers to send: the given ones plus {@code X-Date}, {@code X-Content-Sha256} and {@code Authorization}.
     * {@code headers} must hold {@code Content-Type} and {@code Host}.
     */
    public static Map<String, String> sign(
            String method,
            Map<String, String> query,
            Map<String, String> headers,
            byte[] body,
            String accessKey,
            String secretKey,
            String region,
            String service,
            Instant now) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        String xDate = X_DATE.format(now);
        String date = xDate.substring(0, 8);
        String bodyHash = sha256Hex(body);
        all.put("X-Date", xDate);
        all.put("X-Content-Sha256", bodyHash);
        TreeMap<String, String> signed = signedHeaders(all);
        String signedNames = String.join(";", signed.keySet());
        String canonical = canonicalRequest(method, query, signed, bodyHash);
        String scope = date + "/" + region + "/" + service + "/request";
        String toSign =
                ALGORITHM + "\n" + xDate + "\n" + scope + "\n" + sha256Hex(canonical.getBytes(StandardCharsets.UTF_8));
        String signature = HexFormat.of().formatHex(hmac(signingKey(secretKey, date, region, service), toSign));
        all.put(
                "Authorization",
                ALGORITHM + " Credential=" + accessKey + "/" + scope + ", SignedHeaders=" + signedNames + ", Signature="
                        + signature);
        return all;
    }

    static String canonicalRequest(
            String method, Map<String, String> query, TreeMap<String, String> signedHeaders, String bodyHash) {
        String headers = signedHeaders.entrySet().stream()
                .map(e -> e.getKey() + ":" + e.getValue() + "\n")
                .collect(Collectors.joining());
        return method + "\n/\n" + canonicalQuery(query) + "\n" + headers + "\n"
                + String.join(";", signedHeaders.keySet()) + "\n" + bodyHash;
    }

    /** RFC 3986-encoded names and values, sorted by name. */
    public static String canonicalQuery(Map<String, String> query) {
        return new TreeMap<>(query.entrySet().stream()
                        .collect(Collectors.toMap(e -> encode(e.getKey()), e -> encode(e.getValue()))))
                .entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&"));
    }

    /** content-type, host and every x-* header: lower-case names, trimmed values, host without :80/:443. */
    static TreeMap<String, String> signedHeaders(Map<String, String> headers) {
        TreeMap<String, String> signed = new TreeMap<>();
        headers.forEach((name, value) -> {
            String n = name.toLowerCase(Locale.ROOT);
            if (n.equals("content-type") || n.equals("host") || n.startsWith("x-")) {
                String v = value.trim();
                if (n.equals("host")) {
                    v = v.replaceAll(":(80|443)$", "");
                }
                signed.put(n, v);
            }
        });
        return signed;
    }

    static byte[] signingKey(String secretKey, String date, String region, String service) {
        byte[] kDate = hmac(secretKey.getBytes(StandardCharsets.UTF_8), date);
        byte[] kRegion = hmac(kDate, region);
        byte[] kService = hmac(kRegion, service);
        return hmac(kService, "request");
    }

    static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8)
                .replace("+", "%20")
                .replace("*", "%2A")
                .replace("%7E", "~");
    }
}
