package dev.tensorlens.support;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Cancels a long operation from inside its own progress callback, as a user's Cancel lands while pages are flowing.
 * The callback can run before the caller holds the future the operation returns, so {@link #cancel()} first waits for
 * {@link #started} to hand it over; never on the test thread, or it waits for itself.
 *
 * @param <T> what the operation completes with
 */
public final class CancelFromProgress<T> {

    private final CompletableFuture<CompletableFuture<T>> handedOver = new CompletableFuture<>();

    /** Hands over the operation's future, so a {@link #cancel()} can reach it; returns it. */
    public CompletableFuture<T> started(CompletableFuture<T> operation) {
        handedOver.complete(operation);
        return operation;
    }

    /** From the progress callback: cancels the operation, once its future is in hand. */
    public void cancel() {
        CompletableFuture<T> operation;
        try {
            operation = handedOver.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the test thread never went on: was this callback run on it?", e);
        }
        operation.cancel(true);
    }
}
