package dev.tensorlens.redis;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The step in flight of a job made of steps one after another (sizes, then a page, then the next page …), cancelled
 * with the job's result. A step is a future made afresh each time, so {@link Futures#cancelTogether} cannot be set up
 * once in advance; this keeps the latest one instead, so that cancelling the result stops the walk behind it after its
 * page. Only the latest step is held: a {@code cancelTogether} per page would hang a callback holding each page on the
 * result until the end, and a walk over a five-million-id split would keep every page it read (an export ran out of a
 * 256 MB heap that way). Used by {@link ClassBalance}, {@link DatasetOverlaps}, {@link SetOverlap} and
 * {@link SplitExport}.
 */
final class StepInFlight {

    private final CompletableFuture<?> result;
    private final AtomicReference<CompletableFuture<?>> step = new AtomicReference<>();

    /** Follows {@code result}: once it is cancelled, so is the step in flight then. */
    StepInFlight(CompletableFuture<?> result) {
        this.result = result;
        result.whenComplete((r, e) -> {
            CompletableFuture<?> s = step.get();
            if (result.isCancelled() && s != null) {
                s.cancel(true);
            }
        });
    }

    /**
     * Keeps {@code next} as the step in flight, cancelling it at once when the result was cancelled meanwhile (the
     * result's own callback has then already run and would not see it).
     */
    <T> CompletableFuture<T> track(CompletableFuture<T> next) {
        step.set(next);
        if (result.isCancelled()) {
            next.cancel(true);
        }
        return next;
    }
}
