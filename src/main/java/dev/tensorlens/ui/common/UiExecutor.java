package dev.tensorlens.ui.common;

import javafx.animation.AnimationTimer;
import javafx.application.Platform;


/**
 * Where models apply results: the FX thread in the app, the calling thread in model tests. Models never call
 * {@code Platform.runLater} themselves.
 */
@FunctionalInterface
public interface UiExecutor {

    void execute(Runnable action);

    /**
     * Queues {@code action} to run after whatever the UI thread is doing now, even when called on it: for results
     * that must not arrive inside the call that asked for them (a dialog opened from inside a button's handler).
     * Executors that always queue need not override it.
     */
    default void executeLater(Runnable action) {
        execute(action);
    }

    /**
     * Runs {@code action} in a later frame than the one the UI thread is making now: for work that would add its
     * styling and layout to a frame already full (the first dataset opening by itself in the frame that lists it).
     * Executors without frames run it as {@link #execute} does.
     */
    default void executeNextFrame(Runnable action) {
        execute(action);
    }

    /**
     * Runs on the FX thread: at once when already on it, else queued; {@link #executeLater} always queues;
     * {@link #executeNextFrame} waits for the second pulse from now (a pulse runs its timers before it styles and lays
     * out, so the first may still be the frame of what was just changed).
     */
    static UiExecutor fx() {
        return new UiExecutor() {
            @Override
            public void execute(Runnable action) {
                if (Platform.isFxApplicationThread()) {
                    action.run();
                } else {
                    Platform.runLater(action);
                }
            }

            @Override
            public void executeLater(Runnable action) {
                Platform.runLater(action);
            }

            @Override
            public void executeNextFrame(Runnable action) {
                execute(() -> new AnimationTimer() {
                    private boolean first = true;

                    @Override
                    public void handle(long now) {
                        if (first) {
                            first = false;
                            return;
                        }
                        stop();
                        action.run();
                    }
                }.start());
            }
        };
    }

    /** Runs on the calling thread: for model tests without a toolkit. */
    static UiExecutor sameThread() {
        return Runnable::run;
    }
}
