package dev.tensorlens.ui.plots;

import dev.tensorlens.support.UiTestSupport;
import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.tensor.image.ColorMap;
import dev.tensorlens.tensor.image.Grid;
import dev.tensorlens.tensor.image.TensorGrids;
import dev.tensorlens.tensor.image.ValueRange;
import dev.tensorlens.tensor.image.Viewport;
import dev.tensorlens.tensor.write.RawBytes;
import dev.tensorlens.ui.common.Themes;
import javafx.application.Application;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ToggleButton;
import javafx.scene.image.ImageView;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.controlsfx.control.RangeSlider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

import static dev.tensorlens.support.UiTestSupport.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The heatmap with its controls, as the Models view will show it: the map buttons, the clamp slider, Reset view; and
 * screenshots of a convolution's filters and of a zoomed weight matrix in both themes
 * ({@code target/screenshots/plots-heatmap-*-light.png} and {@code -dark.png}).
 */
@ExtendWith(ApplicationExtension.class)
class HeatmapPaneTest {

    final ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "heatmap-pane-test"));
    HeatmapPane pane;
    Stage stage;

    /** The theme before the test: the AtlantaFX theme is applied before the pane is made, as in the app. */
    String themeBefore;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        themeBefore = Application.getUserAgentStylesheet();
        Themes.apply(false);
        pane = new HeatmapPane(pool);
        StackPane root = new StackPane(pane);
        root.setStyle("-fx-padding: 12;");
        stage.setScene(new Scene(root, 900, 620));
        stage.setWidth(900);
        stage.setHeight(620);
        stage.setX(0);
        stage.setY(0);
        stage.show();
        stage.requestFocus();
    }

    @AfterEach
    void stop(FxRobot robot) {
        pool.shutdownNow();
        robot.interact(() -> {
            stage.setScene(new Scene(new StackPane(), 100, 100)); // nothing themed left when the theme goes back
            Application.setUserAgentStylesheet(themeBefore);
        });
    }

    @Test
    void theControlsDriveTheHeatmap(FxRobot robot) {
        Heatmap heatmap = pane.heatmap();
        Grid grid = weights(300, 400, 7);
        HeatmapFrame f = show(robot, grid);
        RangeSlider slider = pane.clampSlider();
        assertThat(slider.isDisabled()).isFalse();
        assertThat(slider.getMin()).isEqualTo(grid.range().min());
        assertThat(slider.getMax()).isEqualTo(grid.range().max());
        assertThat(heatmap.clampProperty().get()).isNull();
        Button auto = robot.lookup(".heatmap-auto").queryButton();
        Button reset = robot.lookup(".heatmap-reset-view").queryButton();
        assertThat(auto.isDisabled()).isTrue();
        assertThat(reset.isDisabled()).isTrue();

        // the thumbs clamp the range; the legend follows
        robot.interact(() -> {
            slider.setLowValue(-0.05);
            slider.setHighValue(0.1);
        });
        HeatmapFrame clamped = next(robot, f, x -> x.scale().high() == 0.1);
        assertThat(heatmap.clampProperty().get()).isEqualTo(ValueRange.span(-0.05, 0.1));
        assertThat(clamped.scale().low()).isEqualTo(-0.05);
        assertThat(auto.isDisabled()).isFalse();
        assertThat(heatmap.legend().beyond()).containsExactly(true, true);
        // a clamp set from outside moves the thumbs
        robot.interact(() -> heatmap.clampProperty().set(ValueRange.span(-0.2, 0.3)));
        assertThat(slider.getLowValue()).isEqualTo(-0.2);
        assertThat(slider.getHighValue()).isEqualTo(0.3);
        robot.clickOn(auto);
        assertThat(heatmap.clampProperty().get()).isNull();
        assertThat(slider.getLowValue()).isEqualTo(slider.getMin());
        assertThat(slider.getHighValue()).isEqualTo(slider.getMax());

        // Sequential / Diverging
        robot.clickOn(robot.lookup(".heatmap-maps .toggle-button").match(n -> "Sequential".equals(((ToggleButton) n).getText()))
                .queryAs(ToggleButton.class));
        assertThat(heatmap.colorMapProperty().get()).isEqualTo(ColorMap.VIRIDIS);
        HeatmapFrame seq = next(robot, clamped, x -> x.scale().map() == ColorMap.VIRIDIS);
        assertThat(seq.scale().low()).isEqualTo(grid.range().min());
        robot.clickOn(robot.lookup(".heatmap-maps .toggle-button").match(n -> "Sequential".equals(((ToggleButton) n).getText()))
                .queryAs(ToggleButton.class)); // clicking the chosen one keeps it chosen
        assertThat(heatmap.colorMapProperty().get()).isEqualTo(ColorMap.VIRIDIS);
        robot.interact(() -> heatmap.setColorMap(ColorMap.DIVERGING));
        assertThat(robot.lookup(".heatmap-maps .toggle-button").match(ToggleButton::isSelected)
                .queryAs(ToggleButton.class).getText()).isEqualTo("Diverging");

        // Reset view after a zoom
        robot.interact(() -> heatmap.viewportProperty().set(new Viewport(10, 10, 30, 40)));
        assertThat(reset.isDisabled()).isFalse();
        robot.clickOn(reset);
        assertThat(heatmap.viewportProperty().get()).isNull();

        // a new grid: the slider takes its range
        Grid flat = Grid.matrix(new float[] {3, 3, 3, 3}, 2, 2);
        show(robot, flat);
        assertThat(slider.isDisabled()).isTrue();
        Grid other = weights(50, 60, 9);
        show(robot, other);
        assertThat(slider.getMax()).isEqualTo(other.range().max());
    }

    @Test
    void screenshotsOfFilterTilesAndAZoomedMatrixInBothThemes(FxRobot robot) throws Exception {
        Tensor conv = convWeights(16, 6, 5, 5);
        Grid tiles = TensorGrids.filters(conv);
        Grid matrix = weights(512, 768, 3);
        for (boolean dark : new boolean[] {false, true}) {
            robot.interact(() -> {
                Themes.apply(dark);
                if (!pane.getScene().getStylesheets().contains(Themes.APP_CSS)) {
                    pane.getScene().getStylesheets().add(Themes.APP_CSS);
                }
                pane.getScene().getRoot().setStyle("-fx-padding: 12; -fx-background-color: -color-bg-default;");
                pane.heatmap().resetView();
            });
            String theme = dark ? "dark" : "light";
            HeatmapFrame f = show(robot, tiles);
            ImageView picture = robot.lookup(".heatmap-picture").queryAs(ImageView.class);
            // hover filter (5, 2), position (3, 1)
            robot.moveTo(centreOfCell(picture, f, 5 * 6 + 3, 2 * 6 + 1));
            waitUntil(5, "hover on a tile", () -> pane.heatmap().readoutProperty().get().startsWith("filter (5, 2)"));
            WaitForAsyncUtils.waitForFxEvents();
            UiTestSupport.screenshot(pane.getScene(), "plots-heatmap-conv-" + theme);

            robot.moveTo(robot.lookup(".heatmap-toolbar").queryAs(Node.class));
            HeatmapFrame whole = show(robot, matrix);
            // zoomed in, the colours clamped to the weights' own spread (the outliers would wash them out)
            robot.interact(() -> {
                pane.heatmap().viewportProperty().set(new Viewport(240, 360, 20, 30));
                pane.heatmap().clampProperty().set(ValueRange.span(-0.08, 0.08));
            });
            HeatmapFrame zoomed = next(robot, whole, x -> x.zoomed() && x.scale().high() == 0.08);
            assertThat(zoomed.fit().cellWidth()).isGreaterThan(10);
            robot.clickOn(picture); // focused: the keys zoom and pan it, and it shows its focus ring
            assertThat(pane.heatmap().isFocused()).isTrue();
            robot.moveTo(centreOfCell(picture, zoomed, 4, 7));
            waitUntil(5, "hover on a cell", () -> pane.heatmap().readoutProperty().get().startsWith("row 244, col 367"));
            WaitForAsyncUtils.waitForFxEvents();
            UiTestSupport.screenshot(pane.getScene(), "plots-heatmap-zoomed-" + theme);
            robot.interact(() -> pane.heatmap().clampProperty().set(null));
        }
    }

    /** Weights with structure: smooth bands, noise, and a few outliers of both signs. */
    static Grid weights(int rows, int cols, long seed) {
        Random r = new Random(seed);
        float[] v = new float[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                v[i * cols + j] = (float) (0.04 * Math.sin(i / 23.0) * Math.cos(j / 31.0) + r.nextGaussian() * 0.02);
            }
        }
        for (int k = 0; k < 6; k++) {
            v[r.nextInt(v.length)] = (k % 2 == 0 ? 1 : -1) * (0.3f + 0.1f * k);
        }
        return Grid.matrix(v, rows, cols);
    }

    /** Conv weights (out, in, kh, kw): oriented edge-like filters with noise. */
    static Tensor convWeights(int out, int in, int kh, int kw) {
        Random r = new Random(11);
        float[] w = new float[out * in * kh * kw];
        for (int o = 0; o < out; o++) {
            double angle = Math.PI * o / out;
            for (int i = 0; i < in; i++) {
                double gain = (i % 2 == 0 ? 1 : -0.6) * (0.5 + 0.5 * r.nextDouble());
                for (int y = 0; y < kh; y++) {
                    for (int x = 0; x < kw; x++) {
                        double u = (x - (kw - 1) / 2.0) * Math.cos(angle) + (y - (kh - 1) / 2.0) * Math.sin(angle);
                        w[((o * in + i) * kh + y) * kw + x] = (float) (gain * 0.2 * Math.tanh(u) + r.nextGaussian() * 0.03);
                    }
                }
            }
        }
        return Tensor.view("conv1.weight", DType.FLOAT32, new long[] {out, in, kh, kw}, RawBytes.float32(w), 0);
    }

    private HeatmapFrame show(FxRobot robot, Grid grid) {
        robot.interact(() -> pane.setGrid(grid));
        waitUntil(20, "the picture of " + grid, () -> pane.heatmap().shownProperty().get() != null
                && pane.heatmap().shownProperty().get().cells().source() == grid && !pane.heatmap().busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        return pane.heatmap().shownProperty().get();
    }

    private HeatmapFrame next(FxRobot robot, HeatmapFrame before, Predicate<HeatmapFrame> wanted) {
        waitUntil(20, "a new picture", () -> {
            HeatmapFrame now = pane.heatmap().shownProperty().get();
            return now != null && now != before && !pane.heatmap().busyProperty().get() && wanted.test(now);
        });
        WaitForAsyncUtils.waitForFxEvents();
        return pane.heatmap().shownProperty().get();
    }

    static Point2D centreOfCell(ImageView picture, HeatmapFrame frame, int row, int col) {
        double w = frame.fit().pixelWidth() / (double) frame.cells().cols();
        double h = frame.fit().pixelHeight() / (double) frame.cells().rows();
        return picture.localToScreen((col + 0.5) * w, (row + 0.5) * h);
    }
}
