package dev.tensorlens.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for something that happens on another thread, failing with a sentence when it does not. */
public final class Eventually {

    private Eventually() {
    }

    public static void within(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for: " + what);
            }
        }
        if (!condition.getAsBoolean()) {
            throw new AssertionError("not within " + timeout.toMillis() + " ms: " + what);
        }
    }
}
