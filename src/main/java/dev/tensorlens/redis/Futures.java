package dev.tensorlens.redis;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
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

    /** {@code source.thenApplyAsync(f, executor)}, where cancelling the result cancels {@code source}. */
    public static <T, U> CompletableFuture<U> mapAsync(CompletableFuture<T> source, Function<? super T, ? extends U> f,
                                                       Executor executor) {
        CompletableFuture<U> mapped = source.thenApplyAsync(f, executor);
        cancelTogether(mapped, source);
        return mapped;
    }

    /**
     * {@code source.thenCompose(next)}, where cancelling the result cancels {@code source} and, once it has been made,
     * the future {@code next} returned: a plain {@code thenCompose} result knows nothing of that inner future, so a
     * chunked read started by {@code next} would run to its end after its caller gave up.
     */
    public static <T, U> CompletableFuture<U> compose(CompletableFuture<T> source,
                                                      Function<? super T, ? extends CompletableFuture<U>> next) {
        CompletableFuture<U> result = new CompletableFuture<>();
        AtomicReference<CompletableFuture<U>> inner = new AtomicReference<>();
        source.whenComplete((value, failure) -> {
            if (failure != null) {
                result.completeExceptionally(RedisErrors.unwrap(failure));
                return;
            }
            if (result.isDone()) {
                return; // cancelled while source was on its way: next is not started at all
            }
            CompletableFuture<U> started;
            try {
                started = next.apply(value);
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(e);
                return;
            }
            inner.set(started);
            started.whenComplete((u, e) -> {
                if (e != null) {
                    result.completeExceptionally(RedisErrors.unwrap(e));
                } else {
                    result.complete(u);
                }
            });
            if (result.isCancelled()) {
                started.cancel(true); // cancelled between the check above and inner.set
            }
        });
        result.whenComplete((v, e) -> {
            if (result.isCancelled()) {
                source.cancel(true);
                CompletableFuture<U> started = inner.get();
                if (started != null) {
                    started.cancel(true);
                }
            }
        });
        return result;
    }

    /**
     * {@code source.thenComposeAsync(next, executor)}, where cancelling the result cancels {@code source}: the header
     * readers parse on the decoder executor what a command brought, then send the next command.
     */
    public static <T, R> CompletableFuture<R> composeAsync(CompletableFuture<T> source,
                                                           Function<T, CompletableFuture<R>> next,
                                                           Executor executor) {
        CompletableFuture<R> result = source.thenComposeAsync(next, executor);
        cancelTogether(result, source);
        return result;
    }

    /** {@code next(a, b)} on {@code executor} once both are there; cancelling the result cancels both. */
    public static <A, B, R> CompletableFuture<R> composeBothAsync(CompletableFuture<A> a, CompletableFuture<B> b,
                                                                  BiFunction<A, B, CompletableFuture<R>> next,
                                                                  Executor executor) {
        CompletableFuture<R> result = CompletableFuture.allOf(a, b)
                .thenComposeAsync(v -> next.apply(a.join(), b.join()), executor);
        cancelTogether(result, a, b);
        return result;
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
