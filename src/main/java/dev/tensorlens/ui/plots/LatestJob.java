package dev.tensorlens.ui.plots;

import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;

import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Runs a plot's computation off the FX thread, latest request wins: each {@link #start} makes every earlier one
 * stale. A stale computation is told so through the {@link BooleanSupplier} it is given (it should stop with a
 * {@link CancellationException} at its next look), and its result is dropped if it finishes anyway. Only the latest
 * result is handed to the FX thread. {@link #busyProperty()} is true from a start until its result is in.
 *
 * <p>Threads: {@code start} and {@code cancel} on the FX thread; the work on the executor given.
 *
 * @param <R> what the computation gives
 */
public final class LatestJob<R> {

    /** The work: reads its input, and asks {@code stale} now and then whether to stop. */
    public interface Work<R> {
        R compute(BooleanSupplier stale);
    }

    private final Executor background;
    private final ReadOnlyBooleanWrapper busy;
    private final AtomicLong generation = new AtomicLong();

    public LatestJob(Object bean, Executor background) {
        this.background = background;
        this.busy = new ReadOnlyBooleanWrapper(bean, "busy");
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /**
     * Starts {@code work}; {@code done} gets its result on the FX thread unless a newer start came first, and
     * {@code failed} gets its error the same way.
     */
    public void start(Work<R> work, Consumer<R> done, Consumer<Throwable> failed) {
        long number = generation.incrementAndGet();
        BooleanSupplier stale = () -> generation.get() != number;
        busy.set(true);
        try {
            background.execute(() -> run(number, stale, work, done, failed));
        } catch (RejectedExecutionException shutDown) {
            busy.set(false); // the window is closing
        }
    }

    /** Forgets every computation started so far. */
    public void cancel() {
        generation.incrementAndGet();
        busy.set(false);
    }

    private void run(long number, BooleanSupplier stale, Work<R> work, Consumer<R> done, Consumer<Throwable> failed) {
        if (stale.getAsBoolean()) {
            return;
        }
        try {
            R result = work.compute(stale);
            Platform.runLater(() -> {
                if (generation.get() == number) {
                    busy.set(false);
                    done.accept(result);
                }
            });
        } catch (CancellationException replaced) {
            // a newer request is on its way
        } catch (RuntimeException | OutOfMemoryError e) {
            Platform.runLater(() -> {
                if (generation.get() == number) {
                    busy.set(false);
                    failed.accept(e);
                }
            });
        }
    }
}
