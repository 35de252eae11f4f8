package dev.tensorlens.bench;

import javafx.application.Platform;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** What the window benches share: running a step on the FX thread and waiting for its answer. */
final class FxThread {

    private FxThread() {
    }

    /** Starts JavaFX headless (Monocle, software rendering), as the window benches run it. */
    static void startHeadless() throws InterruptedException {
        System.setProperty("glass.platform", "Monocle");
        System.setProperty("monocle.platform", "Headless");
        System.setProperty("prism.order", "sw");
        System.setProperty("javafx.cachedir", "target/javafx-cache");
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
    }

    /** Runs {@code task} on the FX thread and returns what it gives, failing after {@code seconds}. */
    static <T> T call(Callable<T> task, long seconds) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(task.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result.get(seconds, TimeUnit.SECONDS);
    }
}
