package dev.tensorlens.tensor.codec;

import java.nio.charset.StandardCharsets;

/**
 * Little-endian reads from a byte array. Callers check {@link #has} first: these never read past the end because
 * the decoders asked, not because they catch the exception.
 */
final class Bytes {

    private Bytes() {
    }

    /** Whether {@code length} bytes exist at {@code offset}, computed without overflow. */
    static boolean has(byte[] b, long offset, long length) {
        return offset >= 0 && length >= 0 && offset <= b.length && length <= b.length - offset;
    }

    static int u8(byte[] b, int at) {
        return b[at] & 0xFF;
    }

    static int u16le(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    static int u16be(byte[] b, int at) {
        return (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF);
    }

    /** Unsigned 32-bit little-endian, as a long. */
    static long u32le(byte[] b, int at) {
        return (u16le(b, at) | (long) u16le(b, at + 2) << 16) & 0xFFFFFFFFL;
    }

    /** 64-bit little-endian; may be negative when the top bit is set (i.e. above Long.MAX_VALUE unsigned). */
    static long u64le(byte[] b, int at) {
        return u32le(b, at) | u32le(b, at + 4) << 32;
    }

    static boolean startsWith(byte[] b, byte[] prefix) {
        return startsWith(b, 0, prefix);
    }

    static boolean startsWith(byte[] b, int at, byte[] prefix) {
        if (!has(b, at, prefix.length)) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** {@code a × b}, or -1 when either is negative or the product overflows a long. */
    static long checkedProduct(long a, long b) {
        if (a < 0 || b < 0) {
            return -1;
        }
        if (b != 0 && a > Long.MAX_VALUE / b) {
            return -1;
        }
        return a * b;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
