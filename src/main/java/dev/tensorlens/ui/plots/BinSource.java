package dev.tensorlens.ui.plots;

import dev.tensorlens.tensor.stats.SharedBins;

import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * Bins counted elsewhere, for values too many to hold: an array streamed from the server twice (once for its range,
 * once for its bins), shown by {@link HistogramPlot#showSource}. Called off the FX thread, again for each bin count
 * and zoom the user picks; it may block until its bins are counted, and should stop with a
 * {@link CancellationException} once {@code stale} says a newer request replaced it.
 */
@FunctionalInterface
public interface BinSource {

    SharedBins bins(int bins, ValueRange zoom, BooleanSupplier stale);
}
