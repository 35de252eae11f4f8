package dev.tensorlens.bench;

import com.sun.management.ThreadMXBean;
import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.tensor.image.Grid;
import dev.tensorlens.tensor.image.TensorGrids;
import dev.tensorlens.tensor.image.Viewport;
import dev.tensorlens.tensor.write.RawBytes;
import dev.tensorlens.ui.plots.Heatmap;
import dev.tensorlens.ui.plots.HeatmapFrame;
import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import io.fair_acc.chartfx.plugins.Zoomer;
import io.fair_acc.chartfx.renderer.ContourType;
import io.fair_acc.chartfx.renderer.spi.ContourDataSetRenderer;
import io.fair_acc.chartfx.renderer.spi.utils.ColorGradient;
import io.fair_acc.chartfx.ui.geometry.Side;
import io.fair_acc.dataset.spi.DoubleGridDataSet;
import javafx.application.Platform;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.scene.shape.Rectangle;
import javafx.stage.Stage;

import java.awt.image.BufferedImage;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.imageio.ImageIO;

/**
 * Chooses the plotting base by measuring: a 4096 × 4096 float32 matrix (normal values and a few large outliers)
 * from {@code float[]} in memory to the frame that shows it, headless (Monocle, {@code prism.order=sw}), with
 * our {@link Heatmap} and with ChartFX 11.3.1's heatmap ({@code ContourDataSetRenderer}, {@code HEATMAP}, over a
 * {@code DoubleGridDataSet}). The leak check of ChartFX on JavaFX 21 is {@link ChartFxLeakCheck}.
 *
 * <p>What one timed run is: t0 when the bench thread hands the data over; t1 when the render thread has finished
 * the first frame that holds the new picture. To know that, the first pulse after the picture changed (ours: the
 * control swapped its image in; ChartFX: its renderer drew into the chart's canvas) posts a task to the FX thread
 * that runs after that pulse, i.e. after the pulse has queued its frame on the one QuantumRenderer thread; the task
 * snapshots a 1 × 1 node, which is queued on that same thread behind the frame, and waits for it. The time of that
 * small snapshot (well under 1 ms) is included. Pulses come at most 60 times a second, so up to ~17 ms of t1 - t0
 * can be waiting for the pulse.
 *
 * <p>Heap: bytes allocated by all threads during the run (HotSpot's per-thread counters), the heap held after a
 * full GC with the picture on screen beyond what was held before the first run (the matrix itself excluded), and the
 * peak of the heap pools during the warm runs.
 *
 * <p>Zoom and pan ({@code ours}, {@code ours-view}): after the runs, {@code steps} zoom and pan steps on the last
 * grid (its pyramid built by then), each as the keys and the wheel do it ({@link Heatmap#zoom}, {@link Heatmap#pan}
 * on the FX thread): from the step to the picture in the scene (pooling the window from a pyramid level and
 * colouring it off the FX thread, then the copy into the PixelBuffer), and to the frame that shows it (as above);
 * besides, the FX thread's time per redraw (the step itself, and putting the picture in).
 *
 * <p>{@code ours-view}: the matrix as float32 bytes (what a decoder hands over) seen through
 * {@link TensorGrids#matrix}, so the heatmap reads the bytes in place instead of a {@code float[]}.
 *
 * <p>Not a JUnit test and never asserts a timing. See docs/BENCHMARKS.md, "Plotting base" and "Heatmap zoom".
 * Arguments: {@code ours|ours-view|chartfx [runs] [steps]}; run each in its own JVM so each gets a cold first run.
 */
public final class HeatmapBench {

    static final int N = 4096;
    static final double WIDTH = 1100;
    static final double HEIGHT = 900;

    public static void main(String[] args) throws Exception {
        String what = args.length > 0 ? args[0] : "ours";
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        StackPane root = startFx(what);
        try {
            switch (what) {
                case "ours" -> {
                    Ours ours = new Ours(root, false);
                    ours.measure(runs);
                    ours.zoomAndPan(steps);
                }
                case "ours-view" -> {
                    Ours ours = new Ours(root, true);
                    ours.measure(runs);
                    ours.zoomAndPan(steps);
                }
                case "chartfx" -> new ChartFx(root).measure(runs);
                default -> throw new IllegalArgumentException("ours, ours-view or chartfx, not " + what);
            }
        } finally {
            Platform.exit();
        }
        System.exit(0);
    }

    /** Starts JavaFX headless and shows an empty window of {@link #WIDTH} × {@link #HEIGHT}; its root pane. */
    static StackPane startFx(String what) throws Exception {
        System.setProperty("glass.platform", "Monocle");
        System.setProperty("monocle.platform", "Headless");
        System.setProperty("prism.order", "sw");
        System.setProperty("javafx.cachedir", "target/javafx-cache");
        // Monocle's headless screen is 1280 × 800 unless told; a taller window fails to present its frames
        System.setProperty("headless.geometry", System.getProperty("headless.geometry", "1920x1200-32"));
        CompletableFuture<Void> started = new CompletableFuture<>();
        Platform.startup(() -> started.complete(null));
        started.get(30, TimeUnit.SECONDS);
        StackPane root = onFx(() -> {
            StackPane pane = new StackPane();
            Stage stage = new Stage();
            stage.setScene(new Scene(pane, WIDTH, HEIGHT));
            stage.show();
            return pane;
        });
        System.out.printf("%s, %d vCPU, JavaFX %s, Java %s, -Xmx%d MiB, window %.0f × %.0f%n", what,
                Runtime.getRuntime().availableProcessors(), System.getProperty("javafx.runtime.version"),
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20, WIDTH, HEIGHT);
        return root;
    }

    /** 4096² normal values (σ = 0.02, like a weight matrix) and a few outliers up to |x| = 3, fixed seed. */
    static float[] weights() {
        float[] v = new float[N * N];
        Random r = new Random(42);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextGaussian() * 0.02);
        }
        for (int k = 0; k < 8; k++) {
            v[r.nextInt(v.length)] = (k % 2 == 0 ? 1 : -1) * (0.5f + k * 0.35f);
        }
        return v;
    }

    /** One candidate: show the data, and call {@code shown} on the FX thread in the pulse that renders it. */
    abstract static class Candidate {
        final StackPane root;
        final float[] data = weights();
        final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "bench-background");
            t.setDaemon(true);
            return t;
        });

        Candidate(StackPane root) {
            this.root = root;
        }

        /** When the picture reached the scene graph (ours: image swapped in; ChartFX: drawn on its canvas). */
        volatile long pictureAt;
        /** When the data was ready for the FX thread (ours: 0, the control does it all; ChartFX: data set built). */
        volatile long dataAt;
        /** ChartFX: how long its renderer's render() kept the FX thread busy in the pulse (0 for ours). */
        volatile long fxBusy;

        abstract void show(Runnable inPulseThatRendersIt) throws Exception;

        void measure(int runs) throws Exception {
            long heapBefore = Machine.usedHeapAfterGc();
            long[] times = new long[runs];
            long[] allocated = new long[runs];
            long peak = 0;
            for (int i = 0; i < runs; i++) {
                resetPeaks();
                long allocBefore = allocatedBytes();
                CompletableFuture<Long> frameDone = new CompletableFuture<>();
                long t0 = System.nanoTime();
                show(() -> Platform.runLater(() -> { // after this pulse: its frame is queued for rendering
                    new Rectangle(1, 1).snapshot(null, null); // queued behind that frame; waits for it
                    frameDone.complete(System.nanoTime());
                }));
                times[i] = frameDone.get(120, TimeUnit.SECONDS) - t0;
                allocated[i] = allocatedBytes() - allocBefore;
                if (i > 0) {
                    peak = Math.max(peak, peakHeap());
                }
                System.out.printf("  run %2d: %7.1f ms to the frame (data ready %6.1f, picture in the scene %6.1f%s),"
                        + " %7.1f MiB allocated%n", i + 1, times[i] / 1e6, dataAt == 0 ? 0 : (dataAt - t0) / 1e6,
                        (pictureAt - t0) / 1e6, fxBusy == 0 ? "" : String.format(", render() on the FX thread %.1f",
                                fxBusy / 1e6), allocated[i] / 1048576.0);
                Thread.sleep(200); // let the machine settle between runs
            }
            long held = Machine.usedHeapAfterGc() - heapBefore;
            long[] warm = Arrays.copyOfRange(times, 1, runs);
            Arrays.sort(warm);
            long[] warmAlloc = Arrays.copyOfRange(allocated, 1, runs);
            Arrays.sort(warmAlloc);
            System.out.printf("cold %.1f ms; warm median %.1f ms, p90 %.1f ms (min %.1f, max %.1f, %d runs)%n",
                    times[0] / 1e6, warm[warm.length / 2] / 1e6, warm[(int) Math.ceil(warm.length * 0.9) - 1] / 1e6,
                    warm[0] / 1e6, warm[warm.length - 1] / 1e6, warm.length);
            System.out.printf("allocated per warm run (median) %.1f MiB; heap held while shown %.1f MiB; "
                    + "peak heap during warm runs %.0f MiB%n", warmAlloc[warmAlloc.length / 2] / 1048576.0,
                    held / 1048576.0, peak / 1048576.0);
            extra();
            screenshot(root.getScene(), name());
        }

        String name() {
            return getClass().getSimpleName().toLowerCase(Locale.ROOT);
        }

        void extra() throws Exception {
        }
    }

    /**
     * Our control: a new {@link Grid} over the matrix each run, the way a newly decoded tensor arrives (so each run
     * pays the range pass and the pyramid again).
     */
    static final class Ours extends Candidate {
        final Heatmap heatmap;
        final boolean view;
        final byte[] bytes;
        Grid lastGrid;

        Ours(StackPane root, boolean view) throws Exception {
            super(root);
            this.view = view;
            this.bytes = view ? RawBytes.float32(data) : null;
            heatmap = onFx(() -> {
                Heatmap h = new Heatmap(background);
                root.getChildren().setAll(h);
                return h;
            });
        }

        Grid grid() {
            return view ? TensorGrids.matrix(Tensor.view("w", DType.FLOAT32, new long[] {N, N}, bytes, 0))
                    : Grid.matrix(data, N, N);
        }

        @Override
        void show(Runnable inPulseThatRendersIt) throws Exception {
            Grid grid = grid();
            lastGrid = grid;
            onFx(() -> {
                Scene scene = heatmap.getScene();
                ChangeListener<HeatmapFrame> swapped = new ChangeListener<>() {
                    @Override
                    public void changed(ObservableValue<? extends HeatmapFrame> o,
                                        HeatmapFrame old, HeatmapFrame now) {
                        if (now != null && now.cells().source() == grid) {
                            pictureAt = System.nanoTime();
                            heatmap.shownProperty().removeListener(this);
                            onceAfterLayout(scene, inPulseThatRendersIt);
                        }
                    }
                };
                heatmap.shownProperty().addListener(swapped);
                heatmap.setGrid(grid);
                return null;
            });
        }

        @Override
        void extra() throws Exception {
            HeatmapFrame f = onFx(() -> heatmap.shownProperty().get());
            System.out.printf("picture: %d × %d cells of %d × %d px (%d × %d px) from pyramid level %d, scale [%.3f, %.3f]%n",
                    f.cells().rows(), f.cells().cols(), f.fit().cellHeight(), f.fit().cellWidth(),
                    f.fit().pixelHeight(), f.fit().pixelWidth(), f.cells().level(), f.scale().low(), f.scale().high());
            HeatmapFrame.BuildTimes t = f.times();
            System.out.printf("last run off the FX thread: range %.1f ms, pooling %.1f ms, colours %.1f ms; on the FX thread"
                    + " %.2f ms; then the pyramid (after the picture) %.1f ms%n", t.rangeNanos() / 1e6,
                    t.poolNanos() / 1e6, t.paintNanos() / 1e6, heatmap.lastFxNanos() / 1e6,
                    heatmap.lastPyramidNanos() / 1e6);
        }

        /**
         * {@code steps} zoom and pan steps, the way the keys and the wheel make them: in towards single cells around
         * off-centre points, panning on the way, and out again.
         */
        void zoomAndPan(int steps) throws Exception {
            if (steps <= 0) {
                return;
            }
            for (int i = 0; i < 600 && !heatmap.pyramidBuilt(); i++) {
                Thread.sleep(50); // built right after the first picture of the grid
            }
            System.out.printf("pyramid of the last grid: %s, built in %.1f ms%n", heatmap.pyramidBuilt() ? "ready"
                    : "NOT READY", heatmap.lastPyramidNanos() / 1e6);
            List<Runnable> plan = new ArrayList<>();
            double[] at = {0.37, 0.61};
            for (int i = 0; plan.size() < steps; i++) {
                int phase = (i / 10) % 5;
                switch (phase) {
                    case 0, 2 -> plan.add(() -> zoomAt(Heatmap_ZOOM, at));   // in
                    case 1 -> plan.add(() -> heatmap.pan(0, Math.max(1, window().cols() / 8)));   // right
                    case 3 -> plan.add(() -> heatmap.pan(Math.max(1, window().rows() / 8), 0));   // down
                    default -> plan.add(() -> zoomAt(1 / Heatmap_ZOOM, at));                      // out
                }
            }
            long[] toPicture = new long[steps];
            long[] toFrame = new long[steps];
            long[] toExact = new long[steps];
            int quick = 0;
            long[] fxStep = new long[steps];
            long[] fxShow = new long[steps];
            long[] build = new long[steps];
            long[] pooled = new long[steps];
            int[] levels = new int[steps];
            int done = 0;
            for (int i = 0; i < steps; i++) {
                Runnable step = plan.get(i);
                CompletableFuture<Long> frameDone = new CompletableFuture<>();
                long[] picture = new long[1];
                CompletableFuture<Long> exactDone = new CompletableFuture<>();
                boolean[] quickFirst = new boolean[1];
                long[] fx = new long[1];
                long t0 = System.nanoTime();
                boolean changed = onFx(() -> {
                    Scene scene = heatmap.getScene();
                    HeatmapFrame before = heatmap.shownProperty().get();
                    Viewport vBefore = heatmap.viewportProperty().get();
                    ChangeListener<HeatmapFrame> swapped = new ChangeListener<>() {
                        @Override
                        public void changed(ObservableValue<? extends HeatmapFrame> o, HeatmapFrame old,
                                            HeatmapFrame now) {
                            if (now != null && now != before && picture[0] == 0) {
                                picture[0] = System.nanoTime();
                                quickFirst[0] = now.provisional();
                                onceAfterLayout(scene, () -> Platform.runLater(() -> {
                                    new Rectangle(1, 1).snapshot(null, null);
                                    frameDone.complete(System.nanoTime());
                                }));
                            }
                            if (now != null && now != before && !now.provisional()) {
                                exactDone.complete(System.nanoTime());
                                heatmap.shownProperty().removeListener(this);
                            }
                        }
                    };
                    heatmap.shownProperty().addListener(swapped);
                    long s0 = System.nanoTime();
                    step.run();
                    fx[0] = System.nanoTime() - s0;
                    boolean moved = !Objects.equals(vBefore, heatmap.viewportProperty().get());
                    if (!moved) {
                        heatmap.shownProperty().removeListener(swapped);
                    }
                    return moved;
                });
                if (!changed) {
                    continue; // at an edge, or at the end of the zoom: nothing to draw
                }
                long t2 = frameDone.get(60, TimeUnit.SECONDS);
                long t3 = exactDone.get(60, TimeUnit.SECONDS);
                HeatmapFrame f = onFx(() -> heatmap.shownProperty().get());
                toPicture[done] = picture[0] - t0;
                toExact[done] = t3 - t0;
                quick += quickFirst[0] ? 1 : 0;
                toFrame[done] = t2 - t0;
                fxStep[done] = fx[0];
                fxShow[done] = onFx(heatmap::lastFxNanos);
                build[done] = f.times().totalNanos();
                pooled[done] = (long) f.cells().rows() * f.cells().cols();
                levels[done] = f.cells().level();
                if (Boolean.getBoolean("bench.steps")) {
                    System.out.printf("    step %2d: %s%s → picture %.1f ms, frame %.1f ms, exact %.1f ms (pool %.1f ms, paint %.1f ms, %d × %d cells, level %d)%n",
                            i, f.viewport(), quickFirst[0] ? " quick first" : "", toPicture[done] / 1e6,
                            toFrame[done] / 1e6, toExact[done] / 1e6, f.times().poolNanos() / 1e6, f.times().paintNanos() / 1e6, f.cells().rows(),
                            f.cells().cols(), f.cells().level());
                }
                done++;
                Thread.sleep(30); // a key repeat's pace, and the machine settles
            }
            System.out.printf("zoom/pan: %d redraws of %d steps (the rest hit an edge); windows from %s to %s%n", done,
                    steps, "all", onFx(() -> heatmap.viewportProperty().get()));
            report("  step → picture in the scene", toPicture, done);
            report("  step → frame rendered      ", toFrame, done);
            report("  step → exact picture in    ", toExact, done);
            System.out.printf("  %d of the %d redraws showed a quick picture first (pooled from a coarser level)%n",
                    quick, done);
            report("  off the FX thread, exact picture (pool+colour)", build, done);
            report("  FX thread: the step        ", fxStep, done);
            report("  FX thread: picture in      ", fxShow, done);
            int[] levelCount = new int[16];
            for (int i = 0; i < done; i++) {
                levelCount[Math.min(15, levels[i])]++;
            }
            StringBuilder b = new StringBuilder("  exact pictures pooled from level:");
            for (int k = 0; k < levelCount.length; k++) {
                if (levelCount[k] > 0) {
                    b.append(' ').append(k).append(" ×").append(levelCount[k]);
                }
            }
            System.out.println(b);
            screenshot(root.getScene(), name() + "-zoomed");
        }

        @Override
        String name() {
            return view ? "ours-view" : "ours";
        }

        static final double Heatmap_ZOOM = 1.25;

        Viewport window() {
            Viewport v = heatmap.viewportProperty().get();
            return v == null ? Viewport.all(N, N) : v;
        }

        void zoomAt(double factor, double[] at) {
            Node picture = heatmap.lookup(".heatmap-picture");
            double w = picture.getLayoutBounds().getWidth();
            double h = picture.getLayoutBounds().getHeight();
            heatmap.zoom(factor, at[0] * w, at[1] * h);
        }

        static void report(String what, long[] nanos, int n) {
            if (n == 0) {
                return;
            }
            long[] sorted = Arrays.copyOf(nanos, n);
            Arrays.sort(sorted);
            System.out.printf("%s: median %6.2f ms, p90 %6.2f ms, max %6.2f ms%n", what, sorted[n / 2] / 1e6,
                    sorted[(int) Math.ceil(n * 0.9) - 1] / 1e6, sorted[n - 1] / 1e6);
        }
    }

    /**
     * ChartFX: the matrix widened to doubles in a {@code DoubleGridDataSet} on the background thread (what its data
     * sets hold), then set on the renderer on the FX thread; the chart draws on the next pulse.
     */
    static final class ChartFx extends Candidate {
        final XYChart chart;
        final CountingRenderer renderer = new CountingRenderer();
        final double[] axis = new double[N];

        /** Tells when ChartFX drew the data set: its render() runs in the pulse, on the FX thread. */
        static final class CountingRenderer extends ContourDataSetRenderer {
            volatile Runnable onRender;
            /** How long the last render() with data took: time the FX thread was busy drawing the heatmap. */
            volatile long renderNanos;

            @Override
            public void render() {
                long start = System.nanoTime();
                super.render();
                if (!getDatasets().isEmpty()) {
                    renderNanos = System.nanoTime() - start;
                }
                Runnable r = onRender;
                if (r != null && !getDatasets().isEmpty()) {
                    onRender = null;
                    r.run();
                }
            }
        }

        ChartFx(StackPane root) throws Exception {
            super(root);
            for (int i = 0; i < N; i++) {
                axis[i] = i;
            }
            chart = onFx(() -> {
                DefaultNumericAxis x = new DefaultNumericAxis("column");
                DefaultNumericAxis y = new DefaultNumericAxis("row");
                DefaultNumericAxis z = new DefaultNumericAxis("value");
                for (DefaultNumericAxis a : List.of(x, y, z)) {
                    a.setAnimated(false);
                    a.setAutoRangeRounding(false);
                    a.setAutoRanging(true);
                }
                z.setSide(Side.RIGHT);
                z.getProperties().put(Zoomer.ZOOMER_OMIT_AXIS, true);
                XYChart c = new XYChart(x, y);
                c.getAxes().add(z);
                c.setAnimated(false);
                c.setLegendVisible(false);
                renderer.getAxes().addAll(x, y, z);
                renderer.setContourType(ContourType.HEATMAP);
                renderer.setColorGradient(ColorGradient.VIRIDIS);
                c.getRenderers().setAll(renderer);
                root.getChildren().setAll(c);
                return c;
            });
        }

        @Override
        void show(Runnable inPulseThatRendersIt) throws Exception {
            CompletableFuture<DoubleGridDataSet> built = CompletableFuture.supplyAsync(() -> {
                double[] z = new double[data.length];
                for (int i = 0; i < z.length; i++) {
                    z[i] = data[i];
                }
                return new DoubleGridDataSet("weights", false, new double[][] {axis, axis}, z);
            }, background);
            DoubleGridDataSet dataSet = built.get();
            dataAt = System.nanoTime();
            onFx(() -> {
                renderer.onRender = () -> {
                    pictureAt = System.nanoTime();
                    fxBusy = renderer.renderNanos;
                    inPulseThatRendersIt.run();
                };
                renderer.getDatasets().setAll(dataSet);
                return null;
            });
        }

        @Override
        void extra() throws Exception {
            System.out.printf("chart canvas: %.0f × %.0f px, point reduction %s, reduction %s%n",
                    onFx(() -> chart.getCanvas().getWidth()), onFx(() -> chart.getCanvas().getHeight()),
                    onFx(renderer::isReducePoints), onFx(renderer::getReductionType));
        }
    }

    /** Writes what the window shows to {@code target/heatmap-bench-<name>.png}, to see that both drew the data. */
    static void screenshot(Scene scene, String name) throws Exception {
        BufferedImage image = SwingFXUtils.fromFXImage(
                onFx(() -> scene.snapshot(null)), null);
        File file = new File("target/heatmap-bench-" + name + ".png");
        ImageIO.write(image, "png", file);
        System.out.println("screenshot: " + file);
    }

    /** Runs {@code action} once, right after the layout of the next pulse (from then on, that pulse's frame). */
    static void onceAfterLayout(Scene scene, Runnable action) {
        Runnable[] self = new Runnable[1];
        self[0] = () -> {
            scene.removePostLayoutPulseListener(self[0]);
            action.run();
        };
        scene.addPostLayoutPulseListener(self[0]);
    }

    static <T> T onFx(Callable<T> task) throws Exception {
        return FxThread.call(task, 120);
    }

    static long allocatedBytes() {
        var threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] ids = threads.getAllThreadIds();
        return Arrays.stream(threads.getThreadAllocatedBytes(ids)).filter(b -> b > 0).sum();
    }

    static void resetPeaks() {
        forHeapPools(MemoryPoolMXBean::resetPeakUsage);
    }

    static long peakHeap() {
        long[] sum = new long[1];
        forHeapPools(p -> sum[0] += p.getPeakUsage().getUsed());
        return sum[0];
    }

    static void forHeapPools(Consumer<MemoryPoolMXBean> action) {
        ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).forEach(action);
    }

}
