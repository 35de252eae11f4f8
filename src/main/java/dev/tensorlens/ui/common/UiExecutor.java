package dev.tensorlens.ui.common;

import javafx.application.Platform;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Where models apply results: the FX thread in the app, the calling thread in model tests. Models never call
 * {@code Platform.runLater} themselves.
 */
@FunctionalInterface
public interface UiExecutor {

    void execute(Runnable action);

    /** Runs on the FX thread: at once when already on it, else queued. */
    static UiExecutor fx() {
        return action -> {
            if (Platform.isFxApplicationThread()) {
                action.run();
            } else {
                Platform.runLater(action);
            }
        };
    }

    /** Runs on the calling thread: for model tests without a toolkit. */
    static UiExecutor sameThread() {
        return Runnable::run;
    }

    /**
     * When {@code future} completes, hands its value or failure to one of the callbacks, on this executor.
     * A cancelled future calls neither: whoever cancelled it has moved on.
     */
    default <T> void whenDone(CompletableFuture<T> future, Consumer<T> onValue, Consumer<Throwable> onFailure) {
        future.whenComplete((value, failure) -> {
            if (future.isCancelled()) {
                return;
            }
            execute(() -> {
                if (failure != null) {
                    onFailure.accept(failure);
                } else {
                    onValue.accept(value);
                }
            });
        });
    }
}
