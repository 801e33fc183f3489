package io.gaas.worker;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Worker tokens: {@code gaasw_} and 32 random bytes (base64url, no padding). Only the SHA-256 of a
 * token is stored; the token itself is shown once. A fast hash is enough here (unlike passwords):
 * 256 random bits cannot be guessed, so there is nothing for a slow hash to protect.
 */
final class WorkerTokens {

    static final String PREFIX = "gaasw_";
    static final int RANDOM_BYTES = 32;
    /** The length of every token this class issues; anything else cannot be one. */
    static final int LENGTH = PREFIX.length() + 43;

    private static final SecureRandom RANDOM = new SecureRandom();

    private WorkerTokens() {
    }

    static String generate() {
        byte[] random = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(random);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** Hex SHA-256 of the whole token, as stored in {@code workers.token_hash}. */
    static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        }
        catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** Whether the string could be a token we issued, before any database read. */
    static boolean isWellFormed(String token) {
        if (token.length() != LENGTH || !token.startsWith(PREFIX)) {
            return false;
        }
        for (int i = PREFIX.length(); i < token.length(); i++) {
            char c = token.charAt(i);
            boolean base64Url = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '_';
            if (!base64Url) {
                return false;
            }
        }
        return true;
    }
}
