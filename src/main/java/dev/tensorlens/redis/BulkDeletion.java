package dev.tensorlens.redis;

import java.util.concurrent.CompletableFuture;

/**
 * A running {@link KeyEditor#deleteAll}: its result and a way to stop it.
 *
 * <p>{@link #cancel()} stops after the batch in flight: that batch's reply is still counted and reported, no further
 * batch is sent, and {@link #result()} completes normally with {@code done == false}. Cancelling the result future
 * stops the same way, but the future then reads as cancelled.
 */
public final class BulkDeletion {

    private final CompletableFuture<BulkProgress> result;
    private final Runnable cancel;

    BulkDeletion(CompletableFuture<BulkProgress> result, Runnable cancel) {
        this.result = result;
        this.cancel = cancel;
    }

    /**
     * The final counts: {@code done} when every key was sent, not when cancelled. Fails with a
     * {@link RedisOperationException} on a Redis error (saying how many keys were deleted before it) or with a
     * {@link ReadOnlyProfileException} before anything is sent.
     */
    public CompletableFuture<BulkProgress> result() {
        return result;
    }

    /** Stops after the batch in flight. Safe to call more than once, from any thread. */
    public void cancel() {
        cancel.run();
    }
}
