package dev.tensorlens.ui.common;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An action on the UI thread run at most once an interval however often it is asked for, and never left out: a request
 * inside the interval runs once at its end. For what redraws a whole chart or recounts every row each time one of
 * hundreds of background results arrives: the Models view's per-layer chart was drawn again for each layer's
 * statistics, 58 times a second on a slow machine, 500 bars in every frame for the whole read. UI thread only.
 */
public final class UiThrottle {

    private final UiExecutor ui;
    private final long intervalNanos;
    private final Runnable action;
    private long lastRun;
    private boolean ranOnce;
    private boolean scheduled;
    /** Counts {@link #now} calls: a run scheduled before one of them is not needed any more. */
    private long generation;

    public UiThrottle(UiExecutor ui, long intervalMillis, Runnable action) {
        this.ui = ui;
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
        this.action = action;
    }

    /** Runs the action now when it has not run for an interval, else once at the end of it. */
    public void request() {
        if (scheduled) {
            return;
        }
        long wait = lastRun + intervalNanos - System.nanoTime();
        if (!ranOnce || wait <= 0) {
            run();
            return;
        }
        scheduled = true;
        long asked = generation;
        CompletableFuture.delayedExecutor(wait, TimeUnit.NANOSECONDS).execute(() -> ui.execute(() -> {
            if (scheduled && asked == generation) {
                run();
            }
        }));
    }

    /** Runs the action now (the last result arrived: what is shown must be final), instead of any run still to come. */
    public void now() {
        generation++;
        run();
    }

    private void run() {
        scheduled = false;
        ranOnce = true;
        lastRun = System.nanoTime();
        action.run();
    }
}
