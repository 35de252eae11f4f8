package dev.tensorlens.bench;

import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.scene.Scene;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;

/** What the window benches share: running a step on the FX thread and waiting for its answer, or for a state. */
final class FxThread {

    private FxThread() {
    }

    /** Starts JavaFX headless (Monocle, software rendering), as the window benches run it; sampled when asked. */
    static void startHeadless() throws Exception {
        System.setProperty("glass.platform", "Monocle");
        System.setProperty("monocle.platform", "Headless");
        System.setProperty("prism.order", "sw");
        System.setProperty("javafx.cachedir", "target/javafx-cache");
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        if (FxSampler.enabled()) {
            FxSampler.start(); // -Dbench.sample=true: where the FX thread spends each long gap
        }
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

    /**
     * FX thread: completes with the nanoTime at which {@code condition} first holds, checked now and whenever one of
     * {@code on} changes.
     */
    static CompletableFuture<Long> when(BooleanSupplier condition, Observable... on) {
        CompletableFuture<Long> at = new CompletableFuture<>();
        if (condition.getAsBoolean()) {
            at.complete(System.nanoTime());
            return at;
        }
        InvalidationListener check = new InvalidationListener() {
            @Override
            public void invalidated(Observable o) {
                if (o instanceof ObservableValue<?> v) {
                    v.getValue(); // valid again, so the next change is reported too
                }
                if (!at.isDone() && condition.getAsBoolean()) {
                    at.complete(System.nanoTime());
                    for (Observable each : on) {
                        each.removeListener(this);
                    }
                }
            }
        };
        for (Observable each : on) {
            each.addListener(check);
            if (each instanceof ObservableValue<?> v) {
                v.getValue();
            }
        }
        return at;
    }

    /** FX thread: completes with the nanoTime at which every one of {@code rows} is {@code done}. */
    static <R> CompletableFuture<Long> allDone(List<R> rows, Function<R, ObservableValue<?>> watched, Predicate<R> done) {
        CompletableFuture<Long> all = new CompletableFuture<>();
        int[] left = {0};
        for (R row : rows) {
            if (done.test(row)) {
                continue;
            }
            left[0]++;
            watched.apply(row).addListener(new ChangeListener<Object>() {
                @Override
                public void changed(ObservableValue<?> o, Object old, Object now) {
                    if (done.test(row)) {
                        o.removeListener(this);
                        if (--left[0] == 0) {
                            all.complete(System.nanoTime());
                        }
                    }
                }
            });
        }
        if (left[0] == 0) {
            all.complete(System.nanoTime());
        }
        return all;
    }

    /**
     * Completes with the nanoTime at the start of the second pulse after {@code scene}'s next layout pass (from any
     * thread; off the FX thread the layout pass is the next one after a hop to it).
     * The frame laid out in that pass has then been handed to the renderer (the next pulse) and drawn (the one after
     * waits for it): the end of "the first frame after" a change made now, whatever that frame cost.
     */
    static CompletableFuture<Long> frameDone(Scene scene) {
        CompletableFuture<Long> done = new CompletableFuture<>();
        if (!Platform.isFxApplicationThread()) {
            // a thenCompose(t -> frameDone(..)) can run on a thread waiting in get(), which helps fire dependents
            Platform.runLater(() -> frameDone(scene).thenAccept(done::complete));
            return done;
        }
        boolean[] laidOut = {false};
        Runnable[] listener = new Runnable[1];
        listener[0] = () -> {
            if (laidOut[0]) {
                return;
            }
            laidOut[0] = true;
            new AnimationTimer() {
                private int pulses;

                @Override
                public void handle(long now) {
                    if (pulses == 0) {
                        // not from inside the scene's own loop over its listeners
                        scene.removePostLayoutPulseListener(listener[0]);
                    }
                    if (++pulses == 2) {
                        stop();
                        done.complete(System.nanoTime());
                    }
                }
            }.start();
        };
        scene.addPostLayoutPulseListener(listener[0]);
        return done;
    }

    /**
     * FX thread: completes with the nanoTime at the start of the first pulse (from the next one on) at which
     * {@code condition} holds: for states no listener can watch the same way in every version of a control.
     */
    static CompletableFuture<Long> onPulse(BooleanSupplier condition) {
        CompletableFuture<Long> at = new CompletableFuture<>();
        new AnimationTimer() {
            @Override
            public void handle(long now) {
                if (condition.getAsBoolean()) {
                    stop();
                    at.complete(System.nanoTime());
                }
            }
        }.start();
        return at;
    }
}
