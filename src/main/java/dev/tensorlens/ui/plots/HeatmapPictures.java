package dev.tensorlens.ui.plots;

import dev.tensorlens.tensor.image.ColorMap;
import dev.tensorlens.tensor.image.ColorScale;
import dev.tensorlens.tensor.image.Grid;
import dev.tensorlens.tensor.image.PooledGrid;
import dev.tensorlens.tensor.image.Pyramid;
import dev.tensorlens.tensor.image.ValueRange;
import dev.tensorlens.tensor.image.Viewport;
import javafx.application.Platform;

import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The {@link Heatmap}'s pictures made off the FX thread: pooling a window of the grid, colouring it, and a grid's
 * {@link Pyramid}, with the latest request winning (an older build still running stops at its next row of cells).
 * Finished pictures are handed to the FX thread through a {@link Sink}, only while they are still the latest.
 */
final class HeatmapPictures {

    /**
     * Cells to read above which a window gets a quick picture first (see {@link PooledGrid.Fineness}): about 6 ms
     * of pooling on this project's 2-vCPU machines.
     */
    static final long QUICK_ABOVE = 4_000_000;

    /** What a build is asked for; a layout pass asks again only when one of these changed. */
    record Request(Grid grid, ColorMap map, ValueRange clamp, Viewport window, CellFit fit) {
    }

    /** Where finished pictures go, on the FX thread. */
    interface Sink {
        /** A picture for request {@code number}: {@code argb} holds its pixels, premultiplied. */
        void show(HeatmapFrame frame, int[] argb, long number);

        /** Request {@code number} could not be drawn. */
        void failed(long number, Throwable error);
    }

    private record Pooled(PooledGrid cells, Viewport window) {
    }

    private final Executor background;
    private final Sink sink;
    /** The picture on screen, for the one-time warm-up that pools at its size. */
    private final Supplier<HeatmapFrame> shown;

    /** The newest request; a build whose number is older is no longer wanted. */
    private final AtomicLong generation = new AtomicLong();
    /** The grid shown now, for builds to tell whether their pyramid is still wanted. */
    private volatile Grid currentGrid;
    /** The pyramid of {@link #currentGrid}, built by the first build that needs it. */
    private volatile PyramidSlot pyramidSlot = new PyramidSlot(null);
    /** The cells pooled last and the window they were pooled for, so a change of colours alone does not pool again. */
    private volatile Pooled lastPooled;
    private volatile long lastPyramidNanos;

    HeatmapPictures(Executor background, Sink sink, Supplier<HeatmapFrame> shown) {
        this.background = background;
        this.sink = sink;
        this.shown = shown;
    }

    /** The grid now shown (its pyramid is kept while it is). FX thread. */
    void gridShown(Grid grid) {
        currentGrid = grid;
    }

    /** A new request's number: every build of an older one stops. */
    long next() {
        return generation.incrementAndGet();
    }

    /** Whether {@code number} is the newest request. */
    boolean isLatest(long number) {
        return generation.get() == number;
    }

    /** Starts building request {@code number}; false when the executor is shut down (the window is closing). */
    boolean start(long number, Request r) {
        try {
            background.execute(() -> build(number, r));
            return true;
        } catch (RejectedExecutionException shutDown) {
            return false;
        }
    }

    /**
     * Pools and colours on the background thread, then hands the pixels to the FX thread. The first picture of a
     * large grid is pooled from its own cells; its pyramid is built after that picture is handed over (in the same
     * task), so the first picture does not wait for it and the zooms after it find it ready.
     */
    private void build(long number, Request r) {
        if (!isLatest(number)) {
            return;
        }
        try {
            long t0 = System.nanoTime();
            ValueRange range = r.grid().range();
            long t1 = System.nanoTime();
            Pyramid pyramid = pyramidIfBuilt(r.grid());
            Pooled last = lastPooled;
            boolean same = last != null && last.cells().source() == r.grid() && r.window().equals(last.window())
                    && last.cells().rows() == r.fit().cellRows() && last.cells().cols() == r.fit().cellCols();
            if (same) {
                post(number, r, last.cells(), range, t0, t1, true, false);
            } else {
                pool(number, r, pyramid, range, t0, t1);
            }
        } catch (CancellationException replaced) {
            // a newer request is being built
        } catch (RuntimeException | OutOfMemoryError e) {
            Platform.runLater(() -> {
                if (isLatest(number)) {
                    sink.failed(number, e);
                }
            });
            return;
        }
        try {
            buildPyramid(r.grid());
        } catch (CancellationException gridGone) {
            // another grid is shown: its own pyramid will be built
        } catch (RuntimeException | OutOfMemoryError e) {
            // zooming still works, pooling the window from the grid's own cells each time
        }
    }

    /** Pools the window (a quick picture first when the exact one reads many cells) and posts the picture. */
    private void pool(long number, Request r, Pyramid pyramid, ValueRange range, long t0, long t1) {
        // when the exact picture reads many cells (a window of 2 to 4 grid cells a pixel, pooled from the
        // grid's own), a quick one from the next level comes first, and the exact one follows unless the user
        // has moved on
        int exact = PooledGrid.level(r.grid(), pyramid, r.window(), r.fit().cellRows(), r.fit().cellCols(),
                PooledGrid.Fineness.EXACT);
        int quick = PooledGrid.level(r.grid(), pyramid, r.window(), r.fit().cellRows(), r.fit().cellCols(),
                PooledGrid.Fineness.QUICK);
        if (quick > exact && PooledGrid.cellsRead(r.grid(), pyramid, r.window(), exact) > QUICK_ABOVE) {
            PooledGrid cells = PooledGrid.pool(r.grid(), pyramid, r.window(), r.fit().cellRows(),
                    r.fit().cellCols(), PooledGrid.Fineness.QUICK, () -> !isLatest(number));
            post(number, r, cells, range, t0, t1, false, true);
            t0 = System.nanoTime();
            t1 = t0;
        }
        PooledGrid cells = PooledGrid.pool(r.grid(), pyramid, r.window(), r.fit().cellRows(), r.fit().cellCols(),
                () -> !isLatest(number));
        lastPooled = new Pooled(cells, r.window());
        post(number, r, cells, range, t0, t1, false, false);
    }

    /** Colours the cells and hands them to the FX thread; a provisional picture leaves the heatmap busy. */
    private void post(long number, Request r, PooledGrid cells, ValueRange range, long t0, long t1, boolean repaint,
                      boolean provisional) {
        long t2 = System.nanoTime();
        // a pooled level may give fewer cells than asked (never more): the picture follows the cells
        CellFit fit = new CellFit(cells.rows(), cells.cols(), r.fit().cellHeight(), r.fit().cellWidth());
        ColorScale scale = ColorScale.clamped(r.map(), range, r.clamp());
        int[] argb = new int[fit.pixelWidth() * fit.pixelHeight()];
        cells.paint(scale, argb, fit.cellWidth(), fit.cellHeight());
        long t3 = System.nanoTime();
        HeatmapFrame frame = new HeatmapFrame(cells, scale, fit, range.nan() > 0, r.window(), range,
                new HeatmapFrame.BuildTimes(t1 - t0, repaint ? 0 : t2 - t1, t3 - t2), provisional);
        Platform.runLater(() -> {
            if (isLatest(number)) {
                sink.show(frame, argb, number);
            }
        });
    }

    /** The pyramid of {@code g} if it is built already, else null (the window is then pooled from the cells). */
    private Pyramid pyramidIfBuilt(Grid g) {
        PyramidSlot slot = pyramidSlot;
        return slot.grid == g ? slot.built() : null;
    }

    /** Builds the pyramid of {@code g} when it is worth one and not built yet. Background thread. */
    private void buildPyramid(Grid g) {
        if (!Pyramid.worthBuilding(g) || currentGrid != g) {
            return;
        }
        PyramidSlot slot;
        synchronized (this) {
            slot = pyramidSlot;
            if (slot.grid != g) {
                slot = new PyramidSlot(g);
                pyramidSlot = slot; // the old grid's pyramid goes with it
            }
        }
        long t0 = System.nanoTime();
        if (slot.build(() -> currentGrid != g)) {
            lastPyramidNanos = System.nanoTime() - t0;
            if (WINDOW_KERNEL_WARM.compareAndSet(false, true)) {
                // once per JVM, while the user looks at the first picture: pool a picture from the pyramid and throw
                // it away, so the first zoom of the session does not run the window kernel in the interpreter
                // (HeatmapBench: its first step took 170–190 ms, the steps after it a few)
                HeatmapFrame f = shown.get();
                CellFit fit = f == null ? new CellFit(256, 256, 1, 1) : f.fit();
                PooledGrid.pool(g, slot.built(), Viewport.all(g.rows(), g.cols()), fit.cellRows(), fit.cellCols(),
                        PooledGrid.Fineness.QUICK, () -> currentGrid != g);
            }
        }
    }

    /** Whether the kernel that pools a window from a pyramid level has run once in this JVM (see buildPyramid). */
    private static final AtomicBoolean WINDOW_KERNEL_WARM = new AtomicBoolean();

    /** One grid's pyramid, built at most once; a build stops when the grid is no longer shown. */
    private static final class PyramidSlot {
        final Grid grid;
        private volatile Pyramid pyramid;

        PyramidSlot(Grid grid) {
            this.grid = grid;
        }

        Pyramid built() {
            return pyramid;
        }

        /** Builds it unless built; whether this call built it. */
        synchronized boolean build(BooleanSupplier gridGone) {
            if (pyramid != null) {
                return false;
            }
            pyramid = Pyramid.build(grid, gridGone);
            return true;
        }
    }

    /** How long the last pyramid took to build, in nanoseconds (0 before the first). */
    long lastPyramidNanos() {
        return lastPyramidNanos;
    }

    /** Whether the pyramid of the grid shown is built (always false for grids too small to need one). */
    boolean pyramidBuilt() {
        Grid g = currentGrid;
        return g != null && pyramidIfBuilt(g) != null;
    }
}
