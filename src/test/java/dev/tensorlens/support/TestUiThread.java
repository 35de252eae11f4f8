package dev.tensorlens.support;

import dev.tensorlens.ui.common.UiExecutor;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * One thread that plays the FX thread for model tests without a toolkit: models change their properties on it,
 * and the test reads them on it, as the app does; plus a background pool for the models' own work. Tasks that
 * arrive after {@link #close()} (late replies) are dropped: nobody is looking any more.
 */
public final class TestUiThread implements AutoCloseable {

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-ui"));
    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    public UiExecutor ui() {
        return action -> dropWhenClosed(thread, action);
    }

    public Executor background() {
        return action -> dropWhenClosed(pool, action);
    }

    private static void dropWhenClosed(ExecutorService executor, Runnable action) {
        try {
            executor.execute(action);
        } catch (RejectedExecutionException closed) {
            // after the test
        }
    }

    /** Runs on the UI thread and returns what it gives. */
    public <T> T call(Supplier<T> read) {
        return CompletableFuture.supplyAsync(read, thread).join();
    }

    /** Runs on the UI thread and waits for it. */
    public void run(Runnable action) {
        CompletableFuture.runAsync(action, thread).join();
    }

    @Override
    public void close() {
        thread.shutdownNow();
        pool.shutdownNow();
    }
}
