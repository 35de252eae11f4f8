package dev.tensorlens.redis;

import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Future combinators that pass cancellation back to where the work is: a plain {@code thenApply} result,
 * once cancelled, leaves the Redis command it was made from running.
 */
public final class Futures {

    private Futures() {
    }

    /** {@code source.thenApply(f)}, where cancelling the result cancels {@code source}. */
    public static <T, U> CompletableFuture<U> map(CompletableFuture<T> source, Function<? super T, ? extends U> f) {
        CompletableFuture<U> mapped = source.thenApply(f);
        cancelTogether(mapped, source);
        return mapped;
    }

    /** When {@code result} is cancelled, cancels each of {@code sources}. */
    public static void cancelTogether(CompletableFuture<?> result, CompletableFuture<?>... sources) {
        result.whenComplete((v, e) -> {
            if (result.isCancelled()) {
                for (CompletableFuture<?> s : sources) {
                    s.cancel(true);
                }
            }
        });
    }
}
