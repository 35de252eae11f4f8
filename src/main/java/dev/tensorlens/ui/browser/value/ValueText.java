package dev.tensorlens.ui.browser.value;

import dev.tensorlens.redis.Keys;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Bytes as text for the value pane: UTF-8 where they are ({@link dev.tensorlens.tensor.codec.ByteContent#isUtf8}),
 * escaped where not, never more than a cap.
 */
final class ValueText {

    private ValueText() {
    }

    /**
     * The first {@code maxBytes} of the value as text: decoded when {@code utf8} (a sequence cut at the end is
     * replaced), else escaped byte by byte as keys are ({@code \xff}).
     */
    static String text(byte[] bytes, boolean utf8, int maxBytes) {
        int n = Math.min(bytes.length, maxBytes);
        return utf8 ? new String(bytes, 0, n, StandardCharsets.UTF_8) : escaped(bytes, n);
    }

    /** The first bytes escaped as keys are: printable UTF-8 as it is, everything else as {@code \xNN}. */
    static String escaped(byte[] bytes, int maxBytes) {
        return Keys.display(bytes.length > maxBytes ? Arrays.copyOf(bytes, maxBytes) : bytes);
    }

    /** A one-line preview for a table cell: escaped, cut with an ellipsis. */
    static String preview(byte[] bytes, int maxChars) {
        if (bytes == null) {
            return "";
        }
        String s = escaped(bytes, maxChars + 1);
        return s.length() > maxChars ? s.substring(0, maxChars) + "…" : s;
    }
}
