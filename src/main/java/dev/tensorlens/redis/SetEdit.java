package dev.tensorlens.redis;

import java.util.concurrent.CompletableFuture;

/**
 * A running bulk add or remove ({@link SetMembership#addAll}, {@link SetMembership#removeAll}): its result and a way
 * to stop it.
 *
 * <p>{@link #cancel()} stops after the batch in flight: that batch's reply is still counted and reported, no further
 * batch is sent, and {@link #result()} completes normally with {@code done == false} and exact counts of what was
 * changed. Cancelling the result future stops the same way, but the future then reads as cancelled.
 */
public final class SetEdit {

    private final CompletableFuture<SetChange> result;
    private final Runnable cancel;

    SetEdit(CompletableFuture<SetChange> result, Runnable cancel) {
        this.result = result;
        this.cancel = cancel;
    }

    /**
     * The final counts. Fails with a {@link RedisOperationException} on a Redis error (saying how many members were
     * changed before it), or with a {@link ReadOnlyProfileException} before anything is sent.
     */
    public CompletableFuture<SetChange> result() {
        return result;
    }

    /** Stops after the batch in flight. Safe to call more than once, from any thread. */
    public void cancel() {
        cancel.run();
    }
}
