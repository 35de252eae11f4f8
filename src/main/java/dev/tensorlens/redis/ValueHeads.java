package dev.tensorlens.redis;

import java.nio.charset.StandardCharsets;

/**
 * What the first bytes of a value say before a header reader runs on them, for the readers that read heads by range
 * (the checkpoint headers, the Data view's array headers): whether to ask the npy or the safetensors header reader.
 */
final class ValueHeads {

    private static final byte[] NPY_MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    private ValueHeads() {
    }

    /** Starts with numpy's {@code \x93NUMPY} magic. */
    static boolean isNpy(byte[] head) {
        if (head.length < NPY_MAGIC.length) {
            return false;
        }
        for (int i = 0; i < NPY_MAGIC.length; i++) {
            if (head[i] != NPY_MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * What a safetensors value of {@code length} bytes starts with, as the {@link dev.tensorlens.tensor.codec.Sniffer}
     * tells it: an 8-byte little-endian header length that fits the value, then <code>{</code>; or one that does not
     * fit, followed by <code>{"</code> (a broken blob, whose header reader then says exactly what is wrong).
     */
    static boolean looksLikeSafetensors(byte[] head, long length) {
        if (head.length < 10 || head[8] != '{') {
            return false;
        }
        long n = 0;
        for (int i = 7; i >= 0; i--) {
            n = (n << 8) | (head[i] & 0xFF);
        }
        return Long.compareUnsigned(n, 2) >= 0 && (Long.compareUnsigned(n, length - 8) <= 0 || head[9] == '"');
    }

    /** A short field's value quoted for a sentence, cut at 40 characters. */
    static String quoted(byte[] v) {
        String s = new String(v, StandardCharsets.UTF_8);
        return s.length() > 40 ? "'" + s.substring(0, 40) + "…'" : "'" + s + "'";
    }
}
