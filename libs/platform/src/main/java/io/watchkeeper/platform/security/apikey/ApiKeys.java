package io.watchkeeper.platform.security.apikey;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The shape of an API key — {@code wk_<8 lower-case letters or digits>_<43 characters of base64url>}, the first part
 * its visible prefix, the rest 256 random bits — and its hash. SHA-256 is the strong hash for such a key: it stands
 * for 256 bits of randomness, so no guessing or dictionary attack applies, and a slow password hash (bcrypt, Argon2)
 * would only add milliseconds to every request.
 */
public final class ApiKeys {

    public static final String INGEST_USAGE = "ingest:usage";
    public static final String INGEST_ENERGY = "ingest:energy";
    public static final String INGEST_EVENTS = "ingest:events";
    public static final String INGEST_ALERTS = "ingest:alerts";
    /** What a key may be allowed: each scope is a role its identity carries. */
    public static final Set<String> SCOPES = Set.of(INGEST_USAGE, INGEST_ENERGY, INGEST_EVENTS, INGEST_ALERTS);

    private static final Pattern SHAPE = Pattern.compile("wk_[a-z0-9]{8}_[A-Za-z0-9_-]{43}");
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {}

    /** A new key. */
    public static String generate() {
        StringBuilder prefix = new StringBuilder("wk_");
        for (int i = 0; i < 8; i++) {
            prefix.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return prefix + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    public static boolean looksLikeKey(String text) {
        return text != null && SHAPE.matcher(text).matches();
    }

    /** {@code wk_xxxxxxxx}: what is shown of a key to recognise it. */
    public static String prefix(String key) {
        return key.substring(0, 11);
    }

    /** Lower-case hex SHA-256 of the whole key. */
    public static String sha256(String key) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
