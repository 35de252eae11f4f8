package dev.tensorlens.ui.plots;

import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.tensor.stats.ColumnExtremes;
import dev.tensorlens.ui.common.Themes;
import javafx.application.Platform;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
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

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.tensorlens.support.UiTestSupport.waitUntil;
import static dev.tensorlens.ui.plots.PlotTensors.floats;
import static org.assertj.core.api.Assertions.assertThat;

/** A bias vector as bars, a million values pooled per pixel with their spike kept, and the readout by index. */
@ExtendWith(ApplicationExtension.class)
class SeriesPlotTest {

    final ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "series-test"));
    final AtomicBoolean pooledOnFxThread = new AtomicBoolean();
    SeriesPlot plot;
    Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        Themes.apply(false);
        plot = new SeriesPlot(task -> pool.execute(() -> {
            pooledOnFxThread.compareAndSet(false, Platform.isFxApplicationThread());
            task.run();
        }));
        stage.setScene(new Scene(new StackPane(plot), 640, 360));
        stage.setWidth(640);
        stage.setHeight(360);
        stage.setX(0);
        stage.setY(0);
        stage.show();
        stage.requestFocus();
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void theReadoutGivesTheValueAtTheIndexUnderTheMouse(FxRobot robot) {
        float[] v = new float[40];
        for (int i = 0; i < v.length; i++) {
            v[i] = (i - 20) * 0.001f;
        }
        v[17] = 0.0312f;
        v[30] = Float.NaN;
        ColumnExtremes c = show(robot, floats(v));
        assertThat(c.columns()).isEqualTo(40);
        assertThat(c.pooled()).isFalse();
        assertThat(plot.readoutProperty().get()).isEqualTo("40 values, -0.0200 … 0.0312");

        robot.moveTo(columnCentre(17, 40));
        waitUntil(5, "index 17", () -> plot.readoutProperty().get().equals("index 17: 0.0312"));
        robot.moveTo(columnCentre(30, 40));
        waitUntil(5, "index 30", () -> plot.readoutProperty().get().equals("index 30: NaN"));
        assertThat(pooledOnFxThread).isFalse();
    }

    @Test
    void aMillionValuesArePooledToThePixelsAndTheSpikeStaysVisibleAsBarsAndAsALine(FxRobot robot) throws Exception {
        float[] v = new float[1_000_000];
        for (int i = 0; i < v.length; i++) {
            v[i] = (i % 100) * 0.001f;
        }
        v[654_321] = 2f;
        ColumnExtremes c = show(robot, floats(v));
        assertThat(c.pooled()).isTrue();
        assertThat(c.columns()).isLessThanOrEqualTo((int) plot.canvas().getWidth());
        int spike = c.columnOf(654_321);
        assertThat(c.max()[spike]).isEqualTo(2);

        PlotArea a = plot.plotArea();
        double spikeX = a.x() + (spike + 0.5) * a.width() / c.columns();
        double nearTop = a.y() + a.height() * 0.1; // the spike reaches it; the rest (≤ 0.099) stays far below
        Color series = plot.palette().color(PlotPalette.Role.SERIES_1);
        assertThat(brightestNear(spikeX, nearTop)).isEqualTo(series);
        assertThat(brightestNear(a.x() + a.width() * 0.3, nearTop)).isNotEqualTo(series);

        robot.interact(() -> plot.setMode(SeriesPlot.Mode.LINE));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(brightestNear(spikeX, nearTop)).isEqualTo(series);

        robot.moveTo(plot.canvas().localToScreen(spikeX, a.y() + a.height() / 2));
        waitUntil(5, "the spike's run", () -> plot.readoutProperty().get().endsWith("… 2.00"));
        String readout = plot.readoutProperty().get();
        assertThat(readout).startsWith("index ").contains("–");
        long from = Long.parseLong(readout.substring(6, readout.indexOf('–')).replace(",", ""));
        long to = Long.parseLong(readout.substring(readout.indexOf('–') + 1, readout.indexOf(':')).replace(",", ""));
        assertThat(654_321L).isBetween(from, to);
    }

    @Test
    void aWiderPlotPoolsAgainToItsNewWidth(FxRobot robot) {
        ColumnExtremes narrow = show(robot, floats(new float[100_000]));
        robot.interact(() -> stage.setWidth(900));
        waitUntil(10, "pooled again", () -> plot.shownProperty().get() != narrow && !plot.busyProperty().get());
        assertThat(plot.shownProperty().get().columns()).isGreaterThan(narrow.columns());
    }

    @Test
    void theKeyboardStepsThroughTheValues(FxRobot robot) {
        show(robot, floats(0.5f, -0.25f, 1));
        robot.interact(plot::requestFocus);
        robot.type(KeyCode.RIGHT);
        waitUntil(5, "index 0", () -> plot.readoutProperty().get().equals("index 0: 0.500"));
        robot.type(KeyCode.RIGHT);
        waitUntil(5, "index 1", () -> plot.readoutProperty().get().equals("index 1: -0.250"));
        robot.type(KeyCode.END);
        waitUntil(5, "index 2", () -> plot.readoutProperty().get().equals("index 2: 1.00"));
    }

    @Test
    void nothingShownSaysNoData(FxRobot robot) {
        assertThat(plot.emptyText()).isEqualTo("No data");
        show(robot, floats(1, 2));
        assertThat(plot.emptyText()).isNull();
        robot.interact(plot::clear);
        assertThat(plot.emptyText()).isEqualTo("No data");
    }

    private ColumnExtremes show(FxRobot robot, Tensor t) {
        robot.interact(() -> plot.show(t, "bias"));
        waitUntil(10, "the pooled vector", () -> plot.shownProperty().get() != null && !plot.busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        return plot.shownProperty().get();
    }

    private Point2D columnCentre(int column, int columns) {
        PlotArea a = plot.plotArea();
        return plot.canvas().localToScreen(a.x() + (column + 0.5) * a.width() / columns, a.y() + a.height() / 2);
    }

    /** The pixel most like the series colour within 2 px across of (x, y): a one-pixel line need not hit x exactly. */
    private Color brightestNear(double x, double y) throws Exception {
        WritableImage shot = WaitForAsyncUtils.asyncFx(() -> plot.canvas().snapshot(null, null)).get();
        PixelReader px = shot.getPixelReader();
        Color series = plot.palette().color(PlotPalette.Role.SERIES_1);
        Color best = Color.TRANSPARENT;
        double bestDistance = Double.MAX_VALUE;
        for (int dx = -2; dx <= 2; dx++) {
            Color c = px.getColor((int) x + dx, (int) y);
            double d = Math.abs(c.getRed() - series.getRed()) + Math.abs(c.getGreen() - series.getGreen())
                    + Math.abs(c.getBlue() - series.getBlue()) + Math.abs(c.getOpacity() - series.getOpacity());
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return best;
    }
}
