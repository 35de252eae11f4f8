package dev.tensorlens.ui.common;

import java.time.Duration;
import java.util.Locale;

/**
 * Counts, byte sizes and durations as people read them ({@code 1,234,567}, {@code 1.5 KiB}, {@code 2 h 5 min}), the
 * way every view shows them. (The value formats a codec decodes are {@code tensor.codec.Format}.)
 */
public final class HumanReadable {

    private HumanReadable() {
    }

    /** {@code 1234567 → 1,234,567}. */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** Binary units, as Redis's {@code *_human} fields: {@code 1536 → 1.5 KiB}. */
    public static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, v < 10 ? "%.2f %s" : v < 100 ? "%.1f %s" : "%.0f %s", v, units[u]);
    }

    /** The two largest units: {@code 3 d 4 h}, {@code 2 h 5 min}, {@code 42 s}. */
    public static String duration(Duration d) {
        long s = Math.max(0, d.getSeconds());
        long days = s / 86_400;
        long hours = s % 86_400 / 3600;
        long minutes = s % 3600 / 60;
        long seconds = s % 60;
        if (days > 0) {
            return days + " d " + hours + " h";
        }
        if (hours > 0) {
            return hours + " h " + minutes + " min";
        }
        if (minutes > 0) {
            return minutes + " min " + seconds + " s";
        }
        return seconds + " s";
    }

    /** A short elapsed time: {@code 85 ms}, {@code 1.4 s}, then as {@link #duration}. */
    public static String elapsed(Duration d) {
        long ms = Math.max(0, d.toMillis());
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        return duration(d);
    }
}
