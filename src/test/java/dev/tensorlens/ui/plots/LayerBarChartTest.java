package dev.tensorlens.ui.plots;

import dev.tensorlens.ui.common.Themes;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.ArrayList;
import java.util.List;

import static dev.tensorlens.support.UiTestSupport.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** The whole-model bar chart: what the readout names, selecting by mouse and keys, pending and flagged layers. */
@ExtendWith(ApplicationExtension.class)
class LayerBarChartTest {

    LayerBarChart chart;
    Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        Themes.apply(false);
        chart = new LayerBarChart();
        chart.setValueName("L2 norm");
        stage.setScene(new Scene(new StackPane(chart), 640, 360));
        stage.setWidth(640);
        stage.setHeight(360);
        stage.setX(0);
        stage.setY(0);
        stage.show();
        stage.requestFocus();
    }

    /** Eight layers; layer 5 not computed yet, layer 6 flagged (its norm is NaN). */
    static List<LayerBarChart.Bar> eight() {
        List<LayerBarChart.Bar> bars = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            double v = i == 5 ? Double.NaN : i == 6 ? Double.NaN : 10 + i * 0.4;
            bars.add(new LayerBarChart.Bar("encoder.layer." + i + ".weight", v, i == 6));
        }
        bars.set(3, new LayerBarChart.Bar("encoder.layer.3.weight", 12.4, false));
        bars.set(7, new LayerBarChart.Bar("encoder.layer.7.weight", 4, true)); // flagged with a value: a dead layer
        return bars;
    }

    @Test
    void hoveringABarNamesItsLayerAndValue(FxRobot robot) {
        robot.interact(() -> chart.setBars(eight()));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(chart.readoutProperty().get()).isEqualTo("8 layers · L2 norm 4.00 … 12.4 · 1 pending · 2 flagged");

        robot.moveTo(centreOf(3));
        waitUntil(5, "layer 3 named", () -> chart.readoutProperty().get().startsWith("encoder.layer.3"));
        assertThat(chart.readoutProperty().get()).isEqualTo("encoder.layer.3.weight — L2 norm 12.4");
        robot.moveTo(centreOf(5));
        waitUntil(5, "layer 5 pending", () -> chart.readoutProperty().get()
                .equals("encoder.layer.5.weight — L2 norm not computed yet"));
        robot.moveTo(centreOf(6));
        waitUntil(5, "layer 6 flagged", () -> chart.readoutProperty().get()
                .equals("encoder.layer.6.weight — L2 norm NaN · flagged"));
    }

    @Test
    void aClickSelectsABarAndTheArrowKeysMoveTheSelection(FxRobot robot) throws Exception {
        robot.interact(() -> chart.setBars(eight()));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(chart.getSelectedIndex()).isEqualTo(-1);

        robot.clickOn(centreOf(2));
        waitUntil(5, "bar 2 selected", () -> chart.getSelectedIndex() == 2);
        assertThat(chart.isFocused()).isTrue();
        assertThat(colourInBar(2)).isEqualTo(chart.palette().color(PlotPalette.Role.SELECTED));
        assertThat(colourInBar(1)).isEqualTo(chart.palette().color(PlotPalette.Role.SERIES_1));

        robot.moveTo(robot.point(chart).query().add(0, -1000)); // the mouse away: the readout follows the selection
        robot.type(KeyCode.RIGHT);
        waitUntil(5, "bar 3 selected", () -> chart.getSelectedIndex() == 3);
        assertThat(chart.readoutProperty().get()).isEqualTo("encoder.layer.3.weight — L2 norm 12.4");
        robot.type(KeyCode.LEFT, KeyCode.LEFT);
        waitUntil(5, "bar 1 selected", () -> chart.getSelectedIndex() == 1);
        robot.type(KeyCode.END, KeyCode.RIGHT);
        waitUntil(5, "the last bar, and no further", () -> chart.getSelectedIndex() == 7);
        robot.type(KeyCode.HOME);
        waitUntil(5, "the first bar", () -> chart.getSelectedIndex() == 0);

        robot.interact(() -> chart.setBars(eight()));
        assertThat(chart.getSelectedIndex()).as("new values for the same layers keep the selection").isZero();
        robot.interact(() -> chart.setSelectedIndex(7));
        robot.interact(() -> chart.setBars(eight().subList(0, 4)));
        assertThat(chart.getSelectedIndex()).isEqualTo(-1);
    }

    @Test
    void pendingIsAFaintPlaceholderAndFlaggedIsInTheDangerColour(FxRobot robot) throws Exception {
        robot.interact(() -> chart.setBars(eight()));
        WaitForAsyncUtils.waitForFxEvents();
        Color danger = chart.palette().color(PlotPalette.Role.DANGER);
        assertThat(colourInBar(7)).isEqualTo(danger); // flagged with a value: its bar is red
        PlotArea a = chart.plotArea();
        // not computed: the whole column is faintly tinted, not the background and not a bar
        Color pending = pixel(columnX(5), a.y() + 5);
        assertThat(pending).isNotEqualTo(Color.WHITE).isNotEqualTo(chart.palette().color(PlotPalette.Role.SERIES_1));
        assertThat(pixel(columnX(4), a.y() + 5)).isEqualTo(Color.WHITE); // above an ordinary bar: background

        robot.interact(() -> chart.updateValue(5, 11, false));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(colourInBar(5)).isEqualTo(chart.palette().color(PlotPalette.Role.SERIES_1));
        assertThat(chart.getBar(5)).isEqualTo(new LayerBarChart.Bar("encoder.layer.5.weight", 11, false));
        assertThat(chart.readoutProperty().get()).doesNotContain("pending");
    }

    @Test
    void aThousandBarsSetManyTimesInAFramePaintOnce(FxRobot robot) {
        List<List<LayerBarChart.Bar>> updates = new ArrayList<>();
        for (int u = 0; u < 200; u++) {
            List<LayerBarChart.Bar> bars = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                bars.add(new LayerBarChart.Bar("layer." + i, i <= u * 5 ? i % 17 + 1 : Double.NaN, false));
            }
            updates.add(bars);
        }
        robot.interact(() -> chart.setBars(updates.get(0)));
        WaitForAsyncUtils.waitForFxEvents();
        int before = chart.paints();
        robot.interact(() -> {
            for (List<LayerBarChart.Bar> bars : updates) {
                chart.setBars(bars);
            }
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(chart.paints() - before).isBetween(1, 2);
        assertThat(chart.barCount()).isEqualTo(1000);

        // bars thinner than a pixel: the mouse still names one, and the keyboard reaches every one
        robot.moveTo(centreOf(500));
        waitUntil(5, "a layer within a pixel of the middle",
                () -> chart.readoutProperty().get().matches("layer\\.(49[89]|50[0-2]) — L2 norm .*"));
        robot.interact(() -> chart.setSelectedIndex(499));
        robot.interact(chart::requestFocus);
        robot.type(KeyCode.RIGHT);
        waitUntil(5, "bar 500", () -> chart.getSelectedIndex() == 500);
    }

    @Test
    void theLogScaleLiftsASmallValueBesideAHugeOne(FxRobot robot) throws Exception {
        robot.interact(() -> chart.setBars(List.of(new LayerBarChart.Bar("small", 10, false),
                new LayerBarChart.Bar("huge", 10_000, false), new LayerBarChart.Bar("middle", 500, false))));
        WaitForAsyncUtils.waitForFxEvents();
        double linear = barHeight(0);
        robot.interact(() -> chart.logScaleProperty().set(true));
        WaitForAsyncUtils.waitForFxEvents();
        double log = barHeight(0);
        assertThat(linear).isBetween(1.0, 3.0);
        assertThat(log).as("a decade of four").isCloseTo(chart.plotArea().height() / 4, Offset.offset(2.0));
        assertThat(barHeight(2)).isGreaterThan(log).isLessThan(barHeight(1));
    }

    @Test
    void withoutBarsItSaysNoData() {
        assertThat(chart.emptyText()).isEqualTo("No data");
        assertThat(chart.readoutProperty().get()).isEmpty();
    }

    // ---- helpers ----

    private double columnX(int index) {
        PlotArea a = chart.plotArea();
        return a.x() + (index + 0.5) * a.width() / chart.barCount();
    }

    private Point2D centreOf(int index) {
        PlotArea a = chart.plotArea();
        return chart.canvas().localToScreen(columnX(index), a.bottom() - 3);
    }

    /** The colour a little above the baseline in the middle of bar {@code index}. */
    private Color colourInBar(int index) throws Exception {
        return pixel(columnX(index), chart.plotArea().bottom() - 3);
    }

    /** How many pixels up from the baseline bar {@code index} is painted in the bars' colour. */
    private double barHeight(int index) throws Exception {
        WritableImage shot = WaitForAsyncUtils.asyncFx(() -> chart.canvas().snapshot(null, null)).get();
        PixelReader px = shot.getPixelReader();
        Color bar = chart.palette().color(PlotPalette.Role.SERIES_1);
        PlotArea a = chart.plotArea();
        int height = 0;
        for (int y = (int) a.bottom() - 1; y >= a.y() && px.getColor((int) columnX(index), y).equals(bar); y--) {
            height++;
        }
        return height;
    }

    private Color pixel(double x, double y) throws Exception {
        WritableImage shot = WaitForAsyncUtils.asyncFx(() -> chart.canvas().snapshot(null, null)).get();
        PixelReader px = shot.getPixelReader();
        return px.getColor((int) x, (int) y); // where the plot paints nothing, the snapshot's white shows
    }
}
