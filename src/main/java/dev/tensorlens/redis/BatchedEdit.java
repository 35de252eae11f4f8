package dev.tensorlens.redis;

import java.util.concurrent.CompletableFuture;

/**
 * A running edit sent in batches ({@link KeyEditor#deleteAll}, {@link SetMembership#addAll},
 * {@link SetMembership#removeAll}, the edits of {@link SplitEdits}): its result and a way to stop it.
 *
 * <p>{@link #cancel()} stops after the batch in flight: that batch's reply is still counted and reported, no further
 * batch is sent, and {@link #result()} completes normally with exact counts of what was done (its {@code done} is
 * false). Cancelling the result future stops the same way, but the future then reads as cancelled.
 *
 * @param <T> the counts the edit reports: {@link BulkProgress} for deleted keys, {@link SetChange} for set members,
 *            {@link SplitEdit} for split edits
 */
public final class BatchedEdit<T> {

    private final CompletableFuture<T> result;
    private final Runnable cancel;

    BatchedEdit(CompletableFuture<T> result, Runnable cancel) {
        this.result = result;
        this.cancel = cancel;
    }

    /**
     * The final counts. Fails with a {@link RedisOperationException} on a Redis error (saying how much was done before
     * it), or with a {@link ReadOnlyProfileException} before anything is sent.
     */
    public CompletableFuture<T> result() {
        return result;
    }

    /** Stops after the batch in flight. Safe to call more than once, from any thread. */
    public void cancel() {
        cancel.run();
    }
}
