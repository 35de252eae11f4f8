package dev.tensorlens.redis;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Keeps the server's time in head scripts bounded: a script that reads a hash field holds the server up in
 * proportion to the field (it is copied whole into Lua), and a pipeline of them runs back to back, so scripts are
 * sent only while the fields they copy add up to at most {@code budget} bytes; the rest wait here, not on the server
 * (nor in a command timeout). One field heavier than the budget goes out alone. Small fields still go out many at a
 * time, so the round trips of a table of small fields stay few.
 */
final class ScriptGate {

    private record Waiting(long weight, Runnable start) {
    }

    private final long budget;
    private final Deque<Waiting> waiting = new ArrayDeque<>();
    private long inFlight;

    ScriptGate(long budget) {
        this.budget = budget;
    }

    /** {@code send} once the fields in flight leave room for {@code weight} bytes; its result, when it comes. */
    <T> CompletableFuture<T> submit(long weight, Supplier<CompletableFuture<T>> send) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable start = () -> {
            CompletableFuture<T> sent;
            try {
                sent = result.isDone() ? CompletableFuture.failedFuture(new IllegalStateException("cancelled"))
                        : send.get();
            } catch (RuntimeException e) {
                sent = CompletableFuture.failedFuture(e);
            }
            CompletableFuture<T> command = sent;
            command.whenComplete((v, e) -> {
                release(weight);
                if (e != null) {
                    result.completeExceptionally(e);
                } else {
                    result.complete(v);
                }
            });
            result.whenComplete((v, e) -> {
                if (result.isCancelled()) {
                    command.cancel(true);
                }
            });
        };
        boolean now;
        synchronized (this) {
            now = inFlight == 0 || inFlight + weight <= budget;
            if (now) {
                inFlight += weight;
            } else {
                waiting.add(new Waiting(weight, start));
            }
        }
        if (now) {
            start.run();
        }
        return result;
    }

    private void release(long weight) {
        Deque<Runnable> ready = new ArrayDeque<>();
        synchronized (this) {
            inFlight -= weight;
            while (!waiting.isEmpty() && (inFlight == 0 || inFlight + waiting.peek().weight() <= budget)) {
                Waiting next = waiting.poll();
                inFlight += next.weight();
                ready.add(next.start());
            }
        }
        ready.forEach(Runnable::run);
    }
}
