package dev.tensorlens.ui.plots;

import dev.tensorlens.support.UiTestSupport;
import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.tensor.stats.Percentiles;
import dev.tensorlens.ui.common.Themes;
import javafx.application.Application;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;

import static dev.tensorlens.support.UiTestSupport.waitUntil;
import static dev.tensorlens.ui.plots.PlotTensors.floats;
import static dev.tensorlens.ui.plots.PlotTensors.gaussian;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writes each plot, with data like the Models view's, to {@code target/screenshots/plots-<name>-light.png} and
 * {@code -dark.png} so people can look at them; and checks that the canvas colours follow the theme (dark text on
 * light, light text on dark), which is what would break first if the styleable colours stopped reaching them.
 */
@ExtendWith(ApplicationExtension.class)
class PlotScreenshotsTest {

    final ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "plots-screenshots"));
    Stage stage;
    String themeBefore;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        themeBefore = Application.getUserAgentStylesheet();
        stage.setScene(new Scene(new StackPane(), 680, 380));
        stage.setWidth(680);
        stage.setHeight(380);
        stage.setX(0);
        stage.setY(0);
        stage.show();
    }

    @AfterEach
    void stop(FxRobot robot) {
        pool.shutdownNow();
        robot.interact(() -> {
            stage.getScene().setRoot(new StackPane()); // no plot left to restyle without the theme's variables
            Application.setUserAgentStylesheet(themeBefore);
        });
    }

    @Test
    void histogramOfALayer(FxRobot robot) {
        float[] w = gaussian(64 * 784, 0.05, 3);
        w[100] = 0.4f;
        w[200] = Float.NaN;
        w[300] = Float.NaN;
        w[400] = Float.POSITIVE_INFINITY;
        Tensor t = floats(w);
        both(robot, "histogram", () -> {
            HistogramPlot p = new HistogramPlot(pool);
            p.show(t, "layer0.weight");
            return p;
        }, p -> !((HistogramPlot) p).busyProperty().get() && ((HistogramPlot) p).shownProperty().get() != null);
    }

    @Test
    void histogramPaneComparingTwoVersionsZoomedIn(FxRobot robot) {
        Tensor before = floats(gaussian(200_000, 0.05, 1));
        float[] a = gaussian(200_000, 0.07, 2);
        for (int i = 0; i < a.length; i++) {
            a[i] += 0.02f;
        }
        a[7] = Float.NaN;
        Tensor after = floats(a);
        both(robot, "histogram-pane", () -> {
            HistogramPane p = new HistogramPane(pool);
            p.showOverlay(before, "step 1000", after, "step 2000");
            p.plot().setBins(48);
            p.plot().setZoomRange(new ValueRange(-0.2, 0.25));
            return p;
        }, p -> !((HistogramPane) p).plot().busyProperty().get() && ((HistogramPane) p).plot().shownProperty().get() != null);
    }

    @Test
    void seriesOfABiasAndOfAMillionValues(FxRobot robot) {
        float[] bias = gaussian(96, 0.02, 4);
        bias[40] = 0.09f;
        bias[70] = Float.NaN;
        Tensor small = floats(bias);
        both(robot, "series-bars", () -> {
            SeriesPlot p = new SeriesPlot(pool);
            p.show(small, "encoder.layer.0.attention.output.dense.bias");
            return p;
        }, p -> !((SeriesPlot) p).busyProperty().get() && ((SeriesPlot) p).shownProperty().get() != null);

        float[] big = new float[1_000_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (float) (Math.sin(i / 40_000.0) * 0.3 + (i % 97) * 0.0005);
        }
        big[654_321] = 1.4f;
        Tensor large = floats(big);
        both(robot, "series-line-1m", () -> {
            SeriesPlot p = new SeriesPlot(pool);
            p.setMode(SeriesPlot.Mode.LINE);
            p.show(large, "1,000,000 values, one spike at 654,321");
            return p;
        }, p -> !((SeriesPlot) p).busyProperty().get() && ((SeriesPlot) p).shownProperty().get() != null);
    }

    @Test
    void layerBarsOfAModelAndOfAThousandLayers(FxRobot robot) {
        both(robot, "layer-bars", () -> {
            LayerBarChart c = new LayerBarChart();
            c.setValueName("L2 norm");
            c.setBars(bertLike(24, 5));
            c.setSelectedIndex(6);
            return c;
        }, p -> true);
        both(robot, "layer-bars-80", () -> { // every 2nd or 3rd name fits
            LayerBarChart c = new LayerBarChart();
            c.setValueName("L2 norm");
            c.setBars(bertLike(80, 7));
            c.setSelectedIndex(30);
            return c;
        }, p -> true);
        both(robot, "layer-bars-1000", () -> {
            LayerBarChart c = new LayerBarChart();
            c.setValueName("std");
            c.setBars(bertLike(1000, 6));
            c.setSelectedIndex(420);
            return c;
        }, p -> true);
    }

    @Test
    void percentileBandsAcrossStepsAndOfOneStep(FxRobot robot) {
        List<String> labels = new ArrayList<>();
        List<Percentiles> steps = new ArrayList<>();
        for (int s = 0; s < 12; s++) {
            labels.add("step " + (s + 1) * 500);
            steps.add(s == 9 ? null : Percentiles.of(floats(gaussian(20_000, 0.02 + s * 0.006, s)),
                    Percentiles.DEFAULT_Q));
        }
        both(robot, "percentile-bands", () -> {
            PercentileBands b = new PercentileBands();
            b.setSteps(labels, steps);
            return b;
        }, p -> true);
        both(robot, "percentile-bands-one-step", () -> {
            PercentileBands b = new PercentileBands();
            b.setSteps(List.of("step 500"), List.of(steps.get(0)));
            return b;
        }, p -> true);
    }

    /** Layers named as in a BERT checkpoint, with norms that grow, two pending and one flagged. */
    static List<LayerBarChart.Bar> bertLike(int n, long seed) {
        String[] parts = {"attention.self.query.weight", "attention.self.key.weight", "attention.output.dense.weight",
                "intermediate.dense.weight", "output.dense.weight", "output.LayerNorm.weight"};
        Random r = new Random(seed);
        List<LayerBarChart.Bar> bars = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String label = "encoder.layer." + i / parts.length + "." + parts[i % parts.length];
            double v = 8 + i % parts.length * 3 + r.nextDouble() * 4;
            boolean flagged = i == n / 3;
            bars.add(new LayerBarChart.Bar(label, i == n - 2 || i == n - 5 ? Double.NaN : flagged ? Double.NaN : v,
                    flagged));
        }
        return bars;
    }

    /** Builds the plot fresh, shows it light then dark, writes both pictures and checks the theme reached it. */
    private void both(FxRobot robot, String name, Supplier<Region> build,
                      Function<Node, Boolean> ready) {
        Region[] plot = new Region[1];
        robot.interact(() -> {
            Themes.apply(false);
            plot[0] = build.get();
            StackPane root = new StackPane(plot[0]);
            root.setPadding(new Insets(12));
            // the app's sheet first: the plot adds its own to the scene when it joins it
            stage.getScene().getStylesheets().setAll(Themes.APP_CSS);
            stage.getScene().setRoot(root);
        });
        waitUntil(20, name + " drawn", () -> ready.apply(plot[0]));
        WaitForAsyncUtils.waitForFxEvents();
        PlotSurface surface = surface(plot[0]);
        Color lightText = surface.palette().color(PlotPalette.Role.TEXT);
        Path light = UiTestSupport.screenshot(stage.getScene(), "plots-" + name + "-light");

        robot.interact(() -> Themes.apply(true));
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.waitForFxEvents();
        Color darkText = surface.palette().color(PlotPalette.Role.TEXT);
        Path dark = UiTestSupport.screenshot(stage.getScene(), "plots-" + name + "-dark");

        assertThat(luminance(lightText)).as("tick labels on the light theme").isLessThan(0.45);
        assertThat(luminance(darkText)).as("tick labels on the dark theme").isGreaterThan(0.5);
        assertThat(light).exists();
        assertThat(dark).exists();
        try {
            assertThat(Files.size(dark)).isGreaterThan(2_000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PlotSurface surface(Region r) {
        return r instanceof HistogramPane pane ? pane.plot() : (PlotSurface) r;
    }

    private static double luminance(Color c) {
        return 0.2126 * c.getRed() + 0.7152 * c.getGreen() + 0.0722 * c.getBlue();
    }
}
