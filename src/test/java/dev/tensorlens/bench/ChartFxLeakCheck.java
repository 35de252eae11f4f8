package dev.tensorlens.bench;

import dev.tensorlens.tensor.image.Grid;
import dev.tensorlens.ui.plots.Heatmap;
import io.fair_acc.chartfx.XYChart;
import io.fair_acc.chartfx.axes.spi.DefaultNumericAxis;
import io.fair_acc.chartfx.plugins.CrosshairIndicator;
import io.fair_acc.chartfx.plugins.DataPointTooltip;
import io.fair_acc.chartfx.plugins.EditAxis;
import io.fair_acc.chartfx.plugins.EditDataSet;
import io.fair_acc.chartfx.plugins.ParameterMeasurements;
import io.fair_acc.chartfx.plugins.Screenshot;
import io.fair_acc.chartfx.plugins.Zoomer;
import io.fair_acc.chartfx.renderer.ContourType;
import io.fair_acc.chartfx.renderer.spi.ContourDataSetRenderer;
import io.fair_acc.dataset.spi.DoubleGridDataSet;
import io.fair_acc.dataset.testdata.spi.CosineFunction;
import io.fair_acc.dataset.testdata.spi.GaussFunction;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.layout.StackPane;
import javafx.scene.robot.Robot;
import javafx.scene.shape.Rectangle;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static dev.tensorlens.bench.HeatmapBench.HEIGHT;
import static dev.tensorlens.bench.HeatmapBench.WIDTH;
import static dev.tensorlens.bench.HeatmapBench.onFx;

/**
 * Whether ChartFX charts with plugins are garbage-collected on JavaFX 21 (fair-acc/chart-fx#621 says that from
 * JavaFX 17 on they are not, which is why ChartFX 11.3.1 is built against JavaFX 16): charts of several kinds are
 * created, shown, removed and dropped, then collected, and WeakReferences say how many are gone. A fact for
 * docs/BENCHMARKS.md ("Plotting base"), not a test: it asserts nothing. Our {@link Heatmap} is the control group.
 */
public final class ChartFxLeakCheck {

    private ChartFxLeakCheck() {
    }

    public static void main(String[] args) throws Exception {
        StackPane root = HeatmapBench.startFx("leak check");
        try {
            leakCheck(root);
        } finally {
            Platform.exit();
        }
        System.exit(0);
    }

    /**
     * Shows and removes 20 charts of each kind, drops them, collects, and counts how many are gone (the chart and,
     * separately, its plugins, renderers and data sets). Our heatmap is the control group.
     */
    static void leakCheck(StackPane root) throws Exception {
        leakRound(root, "XYChart, no plugin", () -> new XYChart(new DefaultNumericAxis(), new DefaultNumericAxis()), true, false);
        leakRound(root, "XYChart + Zoomer, never shown", ChartFxLeakCheck::chartWithZoomer, false, false);
        leakRound(root, "XYChart + Zoomer, shown then removed", ChartFxLeakCheck::chartWithZoomer, true, false);
        leakRound(root, "XYChart + Zoomer + 64×64 heatmap data set, shown then removed", ChartFxLeakCheck::heatmapChart, true, false);
        leakRound(root, "XYChart + chart-fx's MemoryLeakTests set (7 plugins, 2 data sets), shown then removed",
                ChartFxLeakCheck::chartWithEveryPlugin, true, false);
        leakRound(root, "the same, with the mouse moved and wheeled over it", ChartFxLeakCheck::chartWithEveryPlugin, true, true);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        float[] small = new float[64 * 64];
        Callable<Node> ours = () -> {
            Heatmap h = new Heatmap(pool);
            h.setGrid(Grid.matrix(small, 64, 64));
            return h;
        };
        leakRound(root, "our Heatmap (64 × 64), shown then removed", ours, true, false);
        leakRound(root, "our Heatmap, with the mouse moved and wheeled over it", ours, true, true);
        pool.shutdown();
    }

    static XYChart heatmapChart() {
        XYChart chart = chartWithZoomer();
        ContourDataSetRenderer heatmap = new ContourDataSetRenderer();
        heatmap.setContourType(ContourType.HEATMAP);
        double[] axis = new double[64];
        Arrays.setAll(axis, i -> i);
        heatmap.getDatasets().add(new DoubleGridDataSet("w", false, new double[][] {axis, axis}, new double[64 * 64]));
        chart.getRenderers().setAll(heatmap);
        return chart;
    }

    static XYChart chartWithEveryPlugin() {
        XYChart chart = new XYChart();
        chart.getPlugins().addAll(new Zoomer(), new EditAxis(), new ParameterMeasurements(), new DataPointTooltip(),
                new EditDataSet(), new Screenshot(), new CrosshairIndicator());
        chart.getDatasets().addAll(new CosineFunction("cosine", 50), new GaussFunction("gauss", 50));
        return chart;
    }

    static XYChart chartWithZoomer() {
        XYChart chart = new XYChart(new DefaultNumericAxis(), new DefaultNumericAxis());
        chart.getPlugins().add(new Zoomer());
        return chart;
    }

    /**
     * One kind, 20 times: each shown (or not), removed, and a placeholder put in its place; then collected. The
     * window is shared by every round (a closed window was seen to keep its last removed node: a parent that is
     * never synced again keeps the list of children removed since its last pulse).
     */
    static void leakRound(StackPane root, String what, Callable<Node> make, boolean show, boolean mouse) throws Exception {
        List<WeakReference<Object>> nodes = new ArrayList<>();
        List<WeakReference<Object>> parts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            onFx(() -> {
                Node node = make.call();
                nodes.add(new WeakReference<>(node));
                if (node instanceof XYChart chart) {
                    chart.getPlugins().forEach(p -> parts.add(new WeakReference<>(p)));
                    chart.getRenderers().forEach(r -> parts.add(new WeakReference<>(r)));
                    chart.getAxes().forEach(a -> parts.add(new WeakReference<>(a)));
                    chart.getDatasets().forEach(d -> parts.add(new WeakReference<>(d)));
                }
                if (show) {
                    root.getChildren().setAll(node);
                }
                return null;
            });
            Thread.sleep(60); // a few pulses: CSS, layout and a frame with the node in the scene
            if (mouse) { // the real mouse path (glass robot → scene's mouse handler → plugins' handlers)
                onFx(() -> {
                    Robot robot = new Robot();
                    robot.mouseMove(WIDTH / 2, HEIGHT / 2);
                    robot.mouseMove(WIDTH / 2 + 20, HEIGHT / 2 + 10);
                    robot.mouseWheel(1);
                    return null;
                });
                Thread.sleep(60);
            }
            onFx(() -> {
                root.getChildren().clear();
                return null;
            });
        }
        for (int i = 0; i < 3; i++) { // pulses with the scene changing, and the mouse over something else
            int size = 10 + i;
            onFx(() -> {
                root.getChildren().setAll(new Rectangle(size, size));
                new Robot().mouseMove(5 + size, 5 + size);
                return null;
            });
            Thread.sleep(100);
        }
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
        }
        List<Integer> alive = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).get() != null) {
                alive.add(i + 1);
            }
        }
        System.out.printf("leak check, %s: %d of %d collected after GC%s%s%n", what, collected(nodes), nodes.size(),
                alive.isEmpty() ? "" : " (still held: number " + alive + ")",
                parts.isEmpty() ? "" : String.format("; their plugins, renderers, axes and data sets: %d of %d",
                        collected(parts), parts.size()));
    }

    static long collected(List<WeakReference<Object>> refs) {
        return refs.stream().filter(r -> r.get() == null).count();
    }
}
