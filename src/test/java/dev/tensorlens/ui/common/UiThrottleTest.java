package dev.tensorlens.ui.common;

import dev.tensorlens.support.Eventually;
import dev.tensorlens.support.TestUiThread;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class UiThrottleTest {

    static final long INTERVAL_MS = 300;

    private final TestUiThread uiThread = new TestUiThread();
    /** When each run happened (System.nanoTime), written and read on the UI thread. */
    private final List<Long> runs = new ArrayList<>();
    private final UiThrottle throttle = new UiThrottle(uiThread.ui(), INTERVAL_MS, () -> runs.add(System.nanoTime()));

    @AfterEach
    void close() {
        uiThread.close();
    }

    private int runCount() {
        return uiThread.call(runs::size);
    }

    @Test
    void manyRequestsInAnIntervalRunOnceAtOnceAndOnceAtItsEnd() {
        uiThread.run(() -> {
            for (int i = 0; i < 100; i++) {
                throttle.request();
            }
            assertThat(runs).as("the first request at once, the other 99 wait").hasSize(1);
        });

        Eventually.within(Duration.ofSeconds(5), "the requests that waited run once", () -> runCount() == 2);
        uiThread.run(() -> assertThat(runs.get(1) - runs.get(0)).as("not before the interval's end")
                .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(INTERVAL_MS)));
    }

    @Test
    void nowRunsAtOnceAndReplacesTheRunThatWaited() {
        uiThread.run(() -> {
            throttle.request(); // runs
            throttle.request(); // waits for the interval's end
        });
        long halfway = uiThread.call(() -> runs.get(0)) + TimeUnit.MILLISECONDS.toNanos(INTERVAL_MS / 2);
        Eventually.within(Duration.ofSeconds(5), "half the interval gone", () -> System.nanoTime() >= halfway);
        uiThread.run(() -> {
            throttle.now();     // the final state: at once, and the run that waited is no longer needed
            assertThat(runs).hasSize(2);
            throttle.request(); // waits a whole interval from now()
        });

        Eventually.within(Duration.ofSeconds(5), "a run after now()", () -> runCount() >= 3);
        // the run that waited before now() was due half an interval after it: had it come, it would be this one
        uiThread.run(() -> assertThat(runs.get(2) - runs.get(1)).as("the next run a whole interval after now()")
                .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(INTERVAL_MS)));
    }
}
