package dev.porthole.server.credential;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Makes tokens and the digests the server stores instead of them.
 *
 * <p>Tokens carry 160 random bits, so a fast unkeyed SHA-256 is enough to store them: nothing can be guessed back
 * from it, and checking a token costs microseconds (git clients send credentials on every request).
 */
public final class Tokens {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();
    private static final int RANDOM_CHARACTERS = 28; // 28 × log2(62) ≈ 166 bits

    private Tokens() {}

    /** A new token: the prefix (which says what kind of token it is) followed by random characters. */
    public static String generate(String prefix) {
        var builder = new StringBuilder(prefix.length() + RANDOM_CHARACTERS).append(prefix);
        for (int i = 0; i < RANDOM_CHARACTERS; i++) {
            builder.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return builder.toString();
    }

    /** The hex SHA-256 of a token, as stored. */
    public static String digest(String token) {
        try {
            var sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Compares two secrets in time that does not depend on where they differ. */
    public static boolean constantTimeEquals(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether a token matches a stored digest, compared in constant time. */
    public static boolean matches(String storedDigest, String token) {
        return constantTimeEquals(storedDigest, digest(token));
    }
}
