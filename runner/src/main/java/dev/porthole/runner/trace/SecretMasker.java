package dev.porthole.runner.trace;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Replaces secrets in a stream of log bytes with {@code [MASKED]}, also when a secret arrives split across two
 * writes: the bytes that could be the start of a secret are held back until the next write shows what follows.
 *
 * <p>Also masks tokens that start with a known prefix ({@code glpat-...}): the prefix stays, the rest is masked.
 * Not thread-safe; {@link JobTrace} serialises writes.
 */
public final class SecretMasker {
    static final byte[] MASK = "[MASKED]".getBytes(StandardCharsets.UTF_8);
    private static final int MIN_TOKEN_LENGTH = 20;
    private static final int MAX_TOKEN_LENGTH = 256;

    private final List<byte[]> secrets;
    private final List<byte[]> prefixes;
    private byte[] held = new byte[0];

    public SecretMasker(Collection<String> secrets, Collection<String> tokenPrefixes) {
        this.secrets = secrets.stream()
                .filter(Objects::nonNull)
                .filter(s -> !s.isEmpty())
                .distinct()
                .map(s -> s.getBytes(StandardCharsets.UTF_8))
                // Longest first, so that a secret containing another is masked whole.
                .sorted(Comparator.comparingInt((byte[] b) -> b.length).reversed())
                .toList();
        this.prefixes = tokenPrefixes.stream()
                .filter(p -> p != null && !p.isEmpty())
                .distinct()
                .map(p -> p.getBytes(StandardCharsets.UTF_8))
                .toList();
    }

    /** The masked bytes that are safe to write now; the rest is held for the next call or {@link #flush()}. */
    public byte[] process(byte[] input) {
        byte[] data = concat(held, input);
        var out = new ByteArrayOutputStream(data.length);
        int i = 0;
        while (i < data.length) {
            Match match = matchAt(data, i);
            switch (match.kind) {
                case FULL -> {
                    out.write(data, i, match.keep);
                    out.writeBytes(MASK);
                    i += match.length;
                }
                case PARTIAL -> {
                    held = Arrays.copyOfRange(data, i, data.length);
                    return out.toByteArray();
                }
                case NONE -> out.write(data[i++]);
            }
        }
        held = new byte[0];
        return out.toByteArray();
    }

    /** Whatever is still held back, masked as far as it can be: the end of the log has come. */
    public byte[] flush() {
        byte[] data = held;
        held = new byte[0];
        var out = new ByteArrayOutputStream(data.length);
        int i = 0;
        while (i < data.length) {
            Match match = matchAt(data, i);
            if (match.kind == Kind.FULL || (match.kind == Kind.PARTIAL && match.tokenLength >= MIN_TOKEN_LENGTH)) {
                out.write(data, i, match.keep);
                out.writeBytes(MASK);
                i += match.kind == Kind.FULL ? match.length : data.length - i;
            } else {
                out.write(data[i++]);
            }
        }
        return out.toByteArray();
    }

    private enum Kind {
        NONE,
        PARTIAL,
        FULL
    }

    /**
     * @param length bytes the match covers
     * @param keep bytes at its start to write as they are (a token's prefix)
     * @param tokenLength for a prefixed token still growing: how long it is so far
     */
    private record Match(Kind kind, int length, int keep, int tokenLength) {
        static final Match NONE = new Match(Kind.NONE, 0, 0, 0);
    }

    private Match matchAt(byte[] data, int at) {
        boolean partial = false;
        for (byte[] secret : secrets) {
            int n = commonLength(data, at, secret);
            if (n == secret.length) {
                // A longer secret that may still complete here wins: masking only its start would leak its end.
                return partial ? new Match(Kind.PARTIAL, 0, 0, 0) : new Match(Kind.FULL, n, 0, 0);
            }
            if (at + n == data.length) {
                partial = true;
            }
        }
        for (byte[] prefix : prefixes) {
            int n = commonLength(data, at, prefix);
            if (n == prefix.length) {
                int end = at + n;
                while (end < data.length && end - at - n < MAX_TOKEN_LENGTH && isTokenByte(data[end])) {
                    end++;
                }
                int tokenLength = end - at - n;
                if (end == data.length && tokenLength < MAX_TOKEN_LENGTH) {
                    return new Match(Kind.PARTIAL, 0, n, tokenLength);
                }
                if (tokenLength >= MIN_TOKEN_LENGTH) {
                    return new Match(Kind.FULL, end - at, n, tokenLength);
                }
            } else if (at + n == data.length) {
                partial = true;
            }
        }
        return partial ? new Match(Kind.PARTIAL, 0, 0, 0) : Match.NONE;
    }

    private static int commonLength(byte[] data, int at, byte[] pattern) {
        int n = 0;
        while (n < pattern.length && at + n < data.length && data[at + n] == pattern[n]) {
            n++;
        }
        return n;
    }

    private static boolean isTokenByte(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '_' || b == '-';
    }

    private static byte[] concat(byte[] a, byte[] b) {
        if (a.length == 0) {
            return b;
        }
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
