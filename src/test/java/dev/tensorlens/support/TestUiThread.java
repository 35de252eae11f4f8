package dev.tensorlens.support;

import dev.tensorlens.ui.common.AppExecutors;
import dev.tensorlens.ui.common.UiExecutor;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * One thread that plays the FX thread for model tests without a toolkit: models change their properties on it,
 * and the test reads them on it, as the app does; plus the app's own executors for the models' background work.
 * Tasks that arrive after {@link #close()} (late replies) are dropped: nobody is looking any more.
 */
public final class TestUiThread implements AutoCloseable {

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-ui"));
    private final AppExecutors executors = new AppExecutors();

    public UiExecutor ui() {
        return action -> dropWhenClosed(thread, action);
    }

    public Executor background() {
        return action -> dropWhenClosed(executors.background(), action);
    }

    /** The executors the app would hand the models; shut down with this thread. */
    public AppExecutors executors() {
        return executors;
    }

    private static void dropWhenClosed(ExecutorService executor, Runnable action) {
        try {
            executor.execute(action);
        } catch (RejectedExecutionException closed) {
            // after the test
        }
    }

    /** Runs on the UI thread and returns what it gives; an assertion that fails there fails the caller as it is. */
    public <T> T call(Supplier<T> read) {
        try {
            return CompletableFuture.supplyAsync(read, thread).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    /** Runs on the UI thread and waits for it. */
    public void run(Runnable action) {
        call(() -> {
            action.run();
            return null;
        });
    }

    @Override
    public void close() {
        thread.shutdownNow();
        executors.shutdown();
    }
}
