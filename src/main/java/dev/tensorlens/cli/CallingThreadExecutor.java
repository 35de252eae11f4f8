package dev.tensorlens.cli;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Runs its tasks on the thread that waits for a result, while it waits: a command decodes on its own thread, as
 * one would write it without futures. {@code Runnable::run} looks the same but is not: an async stage given it runs
 * on whichever thread completed the stage before, usually a Lettuce event-loop thread, where a decode of hundreds of
 * megabytes would hold up every reply behind it.
 */
final class CallingThreadExecutor implements Executor {

    private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
    }

    /**
     * Runs the tasks handed to this executor, in order, until {@code result} is complete; then its value, or the
     * exception {@link CompletableFuture#join()} throws. Tasks handed in after that are never run.
     */
    <T> T join(CompletableFuture<T> result) throws InterruptedException {
        result.whenComplete((value, failure) -> tasks.add(() -> { })); // wakes the wait below once it is complete
        while (!result.isDone()) {
            tasks.take().run();
        }
        return result.join();
    }
}
