package io.watchkeeper.evaluator.alert;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** fingerprint = stable hash of (rule id, sorted series labels): 16 hex digits, like Alertmanager's. */
public final class Fingerprints {

    private Fingerprints() {}

    public static String of(UUID ruleId, Map<String, String> seriesLabels) {
        StringBuilder text = new StringBuilder(ruleId.toString());
        new TreeMap<>(seriesLabels)
                .forEach((k, v) ->
                        text.append('\u0000').append(k).append('\u0000').append(v));
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
