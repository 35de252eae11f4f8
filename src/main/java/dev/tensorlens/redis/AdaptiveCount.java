package dev.tensorlens.redis;

import java.time.Duration;

/**
 * The {@code COUNT} hint for the next {@code SCAN} page, adapted to how fast the server answered the last one.
 *
 * <p>The rule: start at {@value #START}. After each page, if its round trip took less than {@link #FAST} (10 ms)
 * the server is idle enough, so double the count; if it took more than {@link #SLOW} (50 ms) the server (or the
 * network) is busy, so halve it; in between keep it. The count always stays within {@value #MIN} ..
 * {@value #MAX}. Redis does roughly {@code COUNT} units of work per call in one go on its single command thread,
 * so a bounded count bounds how long one page can stall other clients, while doubling on an idle server reaches
 * the top in a few pages instead of crawling through a million keys ten at a time (redis-cli's default).
 *
 * <p>Pure and not thread-safe: one scan owns one instance and feeds it one page at a time.
 */
public final class AdaptiveCount {

    public static final int START = 1_000;
    public static final int MIN = 100;
    public static final int MAX = 10_000;
    public static final Duration FAST = Duration.ofMillis(10);
    public static final Duration SLOW = Duration.ofMillis(50);

    private int count;

    public AdaptiveCount() {
        this(START);
    }

    /** Starts at {@code start}, clamped to {@value #MIN} .. {@value #MAX}. */
    public AdaptiveCount(int start) {
        this.count = clamp(start);
    }

    /** The count to send with the next page. */
    public int current() {
        return count;
    }

    /** Records how long the last page took (request sent → reply read) and returns the next count. */
    public int next(Duration roundTrip) {
        if (roundTrip.compareTo(FAST) < 0) {
            count = clamp(count * 2);
        } else if (roundTrip.compareTo(SLOW) > 0) {
            count = clamp(count / 2);
        }
        return count;
    }

    private static int clamp(int n) {
        return Math.max(MIN, Math.min(MAX, n));
    }
}
