package dev.tensorlens.ui.data;

import dev.tensorlens.redis.ArrayHeader;
import dev.tensorlens.redis.ArrayReader;
import dev.tensorlens.redis.Futures;
import dev.tensorlens.redis.TensorLoader;
import dev.tensorlens.ui.plots.BinSource;
import dev.tensorlens.ui.plots.ValueRange;
import dev.tensorlens.tensor.stats.ColumnStats;
import dev.tensorlens.tensor.stats.Histogram;
import dev.tensorlens.tensor.stats.HistogramAccumulator;
import dev.tensorlens.tensor.stats.SharedBins;
import dev.tensorlens.tensor.stats.StatsAccumulator;
import dev.tensorlens.tensor.stats.TensorStats;
import dev.tensorlens.ui.common.HumanReadable;
import dev.tensorlens.ui.common.Job;
import dev.tensorlens.ui.common.Jobs;
import dev.tensorlens.ui.common.TaskList;
import dev.tensorlens.ui.common.UiExecutor;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * The whole array summarised: its statistics and each column's, from one streamed pass over its bytes (chunk by
 * chunk, never held whole, so a 200 MB array costs a few chunks of memory), and a histogram that streams it again
 * for each bin count or zoom the user picks. Changed on the UI thread.
 */
public final class ArraySummary {

    public enum Phase { EMPTY, COMPUTING, DONE, FAILED }

    /** Arrays longer than this are listed in the task drawer while summarised, where they can be cancelled. */
    static final long LISTED_FROM_BYTES = 16L << 20;

    private final TaskList tasks;
    private final Jobs jobs;
    private final ReadOnlyObjectWrapper<Phase> phase = new ReadOnlyObjectWrapper<>(this, "phase", Phase.EMPTY);
    private final ReadOnlyObjectWrapper<TensorStats> stats = new ReadOnlyObjectWrapper<>(this, "stats");
    private final ReadOnlyObjectWrapper<ColumnStats> columns = new ReadOnlyObjectWrapper<>(this, "columns");
    private final ReadOnlyObjectWrapper<BinSource> bins = new ReadOnlyObjectWrapper<>(this, "bins");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message");
    private Job<Sums> current;

    ArraySummary(UiExecutor ui, TaskList tasks) {
        this.tasks = tasks;
        this.jobs = new Jobs(ui);
    }

    /** What one pass gives, made on the decoder executor one chunk after another. */
    private record Sums(StatsAccumulator all, ColumnStats columns) {
    }

    void show(ArrayReader reader, ArrayHeader h) {
        clear();
        if (h.kind() != ArrayHeader.Kind.TENSOR) {
            return;
        }
        phase.set(Phase.COMPUTING);
        message.set("Summarising " + HumanReadable.bytes(h.dataBytes()) + "…");
        Sums sums = new Sums(new StatsAccumulator(h.dtype(), h.byteOrder()),
                new ColumnStats(h.dtype(), h.byteOrder(), h.shape(), h.fortranOrder()));
        var job = jobs.<Sums>replacing("Summarising " + h.array().location().key())
                .onSuccess(s -> done(reader, h, s))
                .onFailure(this::fail)
                .onProgress(j -> progress.set(j.progressProperty().get()));
        if (h.dataBytes() >= LISTED_FROM_BYTES) {
            job.listedIn(tasks);
        }
        // Futures.map: a cancel (another array, the task drawer) reaches the stream, which stops after its chunk
        Job<Sums> started = job.startWithContext(ctx -> Futures.map(reader.stream(h, (bytes, off, len) -> {
            sums.all().accept(bytes, off, len);
            sums.columns().accept(bytes, off, len);
        }, (done, total) -> ctx.progress(total <= 0 ? -1 : (double) done / total,
                HumanReadable.bytes(done) + " of " + HumanReadable.bytes(total))), v -> sums));
        current = started;
        started.stateProperty().addListener((obs, old, state) -> {
            if (state == Job.State.CANCELLED && current == started && phase.get() == Phase.COMPUTING) {
                fail("The summary was cancelled. Open the array again to summarise it.");
            }
        });
    }

    private void done(ArrayReader reader, ArrayHeader h, Sums s) {
        TensorStats all = s.all().result();
        stats.set(all);
        columns.set(s.columns());
        phase.set(Phase.DONE);
        message.set(null);
        bins.set((count, zoom, stale) -> histogram(reader, h, all, count, zoom, stale));
    }

    /** Streams the array again into {@code count} bins; off the FX thread, blocking until counted. */
    private static SharedBins histogram(ArrayReader reader, ArrayHeader h, TensorStats all, int count, ValueRange zoom,
                                        BooleanSupplier stale) {
        double lo = zoom != null ? zoom.min() : all.min();
        double hi = zoom != null ? zoom.max() : all.max();
        HistogramAccumulator acc = HistogramAccumulator.linear(h.dtype(), h.byteOrder(), lo, hi, count);
        CompletableFuture<Void> pass = reader.stream(h, acc::accept, TensorLoader.Progress.NONE);
        while (true) {
            if (stale.getAsBoolean()) {
                pass.cancel(true);
                throw new CancellationException("a newer histogram was asked for");
            }
            try {
                pass.get(50, TimeUnit.MILLISECONDS);
                break;
            } catch (TimeoutException stillReading) {
                // look at stale again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                pass.cancel(true);
                throw new CancellationException("interrupted");
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
            }
        }
        Histogram result = acc.result();
        return new SharedBins(List.of(result), List.of(all), new long[] {all.finiteCount() - result.binnedCount()});
    }

    private void fail(String sentence) {
        phase.set(Phase.FAILED);
        message.set(sentence);
    }

    void clear() {
        current = null;
        jobs.cancelAll();
        stats.set(null);
        columns.set(null);
        bins.set(null);
        progress.set(0);
        message.set(null);
        phase.set(Phase.EMPTY);
    }

    public ReadOnlyObjectProperty<Phase> phaseProperty() {
        return phase.getReadOnlyProperty();
    }

    /** The whole array's statistics, once streamed; null before. */
    public ReadOnlyObjectProperty<TensorStats> statsProperty() {
        return stats.getReadOnlyProperty();
    }

    /** Each column's statistics (the table view's last axis), once streamed; null before. */
    public ReadOnlyObjectProperty<ColumnStats> columnsProperty() {
        return columns.getReadOnlyProperty();
    }

    /** Where the histogram's bins come from once the statistics are known; null before. */
    public ReadOnlyObjectProperty<BinSource> binsProperty() {
        return bins.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }
}
