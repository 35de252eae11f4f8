package dev.tensorlens.ui.common;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Keeps only the newest of a series of requests the user can repeat (typing a filter, clicking another key,
 * pressing F5 twice): starting one cancels the one before.
 */
public final class LatestWins<T> {

    private CompletableFuture<T> current;

    /** Cancels the previous request, if still running, and starts this one. */
    public synchronized CompletableFuture<T> submit(Supplier<CompletableFuture<T>> request) {
        cancel();
        current = request.get();
        return current;
    }

    public synchronized void cancel() {
        if (current != null && !current.isDone()) {
            current.cancel(true);
        }
        current = null;
    }

    public synchronized boolean isRunning() {
        return current != null && !current.isDone();
    }
}
