package org.musicrec.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** Making and hashing API keys: {@code mrk_} and 32 random bytes in base64url; only the SHA-256 is stored. */
final class ApiKeySecrets {

    static final String PREFIX = "mrk_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeySecrets() {
    }

    static String newKey() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Cheap shape check before any lookup, so junk never reaches PostgreSQL. */
    static boolean wellFormed(String key) {
        return key != null && key.length() == PREFIX.length() + 43 && key.startsWith(PREFIX)
                && key.substring(PREFIX.length()).chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-'
                || c == '_');
    }

    static byte[] hash(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** What is shown of a key in listings: enough to recognise it, far too little to use it. */
    static String displayPrefix(String key) {
        return key.substring(0, PREFIX.length() + 6);
    }
}
