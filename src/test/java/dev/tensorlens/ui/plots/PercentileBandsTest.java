package dev.tensorlens.ui.plots;

import dev.tensorlens.tensor.stats.Percentiles;
import dev.tensorlens.ui.common.Themes;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.tensorlens.support.UiTestSupport.waitUntil;
import static dev.tensorlens.ui.plots.PlotTensors.floats;
import static dev.tensorlens.ui.plots.PlotTensors.gaussian;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Distribution bands across steps: the readout of the hovered step, a pending step, one step as a box. */
@ExtendWith(ApplicationExtension.class)
class PercentileBandsTest {

    PercentileBands bands;
    Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        Themes.apply(false);
        bands = new PercentileBands();
        stage.setScene(new Scene(new StackPane(bands), 640, 360));
        stage.setWidth(640);
        stage.setHeight(360);
        stage.setX(0);
        stage.setY(0);
        stage.show();
        stage.requestFocus();
    }

    /** Steps whose values drift: step {@code s} is 1,000 normal values of σ 0.05 around {@code s · 0.1}. */
    static List<Percentiles> drifting(int n) {
        List<Percentiles> steps = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            float[] v = gaussian(1000, 0.05, s);
            for (int i = 0; i < v.length; i++) {
                v[i] += s * 0.1f;
            }
            steps.add(Percentiles.of(floats(v), Percentiles.DEFAULT_Q));
        }
        return steps;
    }

    @Test
    void theReadoutGivesTheMedianOfTheHoveredStep(FxRobot robot) {
        List<Percentiles> steps = drifting(6);
        steps.set(4, null); // not computed yet
        List<String> labels = List.of("v1", "v2", "v3", "v4", "v5", "v6");
        robot.interact(() -> bands.setSteps(labels, steps));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(bands.readoutProperty().get()).isEqualTo("6 steps · 1 pending");

        robot.moveTo(stepCentre(2, 6));
        waitUntil(5, "step v3", () -> bands.readoutProperty().get().startsWith("v3: "));
        Percentiles p = steps.get(2);
        assertThat(bands.readoutProperty().get()).isEqualTo("v3: median " + PlotText.value(p.valueAt(50))
                + " · 25–75% [" + PlotText.value(p.valueAt(25)) + ", " + PlotText.value(p.valueAt(75)) + "]"
                + " · 5–95% [" + PlotText.value(p.valueAt(5)) + ", " + PlotText.value(p.valueAt(95)) + "]"
                + " · min–max [" + PlotText.value(p.valueAt(0)) + ", " + PlotText.value(p.valueAt(100)) + "]");
        assertThat(p.valueAt(50)).isBetween(0.15, 0.25); // the drift is there: step 3 sits around 0.2

        robot.moveTo(stepCentre(4, 6));
        waitUntil(5, "the pending step", () -> bands.readoutProperty().get().equals("v5: not computed yet"));
    }

    @Test
    void theKeyboardStepsThroughTheSteps(FxRobot robot) {
        List<Percentiles> steps = drifting(3);
        robot.interact(() -> bands.setSteps(List.of("a", "b", "c"), steps));
        robot.interact(bands::requestFocus);
        robot.type(KeyCode.RIGHT);
        waitUntil(5, "step a", () -> bands.readoutProperty().get().startsWith("a: median "));
        robot.type(KeyCode.RIGHT, KeyCode.RIGHT, KeyCode.RIGHT);
        waitUntil(5, "step c, and no further", () -> bands.readoutProperty().get().startsWith("c: median "));
        robot.type(KeyCode.LEFT);
        waitUntil(5, "step b", () -> bands.readoutProperty().get().startsWith("b: median "));
    }

    @Test
    void oneStepIsDrawnAsABoxAroundItsMedian(FxRobot robot) throws Exception {
        Percentiles p = drifting(1).get(0);
        robot.interact(() -> bands.setSteps(List.of("only"), List.of(p)));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(bands.emptyText()).isNull();
        PlotArea a = bands.plotArea();
        double x = a.x() + a.width() / 2;
        SnapshotParameters clear = new SnapshotParameters();
        clear.setFill(Color.TRANSPARENT); // what the plot paints, without a background (a snapshot's is white)
        WritableImage shot = WaitForAsyncUtils.asyncFx(() -> bands.canvas().snapshot(clear, null)).get();
        double yMedian = yOf(p.valueAt(50), a);
        double yInner = yOf((p.valueAt(50) + p.valueAt(75)) / 2, a); // inside the 25–75 box
        double yOuter = yOf((p.valueAt(95) + p.valueAt(100)) / 2, a); // in min–max only
        Color inner = shot.getPixelReader().getColor((int) x, (int) yInner);
        Color outer = shot.getPixelReader().getColor((int) x, (int) yOuter);
        assertThat(inner.getOpacity()).isGreaterThan(outer.getOpacity()); // nested bands: darker inside
        assertThat(outer.getOpacity()).isGreaterThan(0);
        assertThat(shot.getPixelReader().getColor((int) x, (int) (a.y() + 1)).getOpacity()).isZero(); // above max
        assertThat(shot.getPixelReader().getColor((int) x, (int) yMedian).getOpacity()).isEqualTo(1.0);
        assertThat(shot.getPixelReader().getColor((int) (a.x() + 4), (int) yInner).getOpacity())
                .as("beside the box").isZero();
    }

    @Test
    void theLabelsAndTheStepsMustMatchAndNoStepsIsNoData(FxRobot robot) {
        assertThat(bands.emptyText()).isEqualTo("No data");
        assertThatThrownBy(() -> bands.setSteps(List.of("a"), Arrays.asList(null, null)))
                .isInstanceOf(IllegalArgumentException.class);
        robot.interact(() -> bands.setSteps(List.of("a", "b"), Arrays.asList(null, null)));
        assertThat(bands.emptyText()).isEqualTo("Computing…");
    }

    private Point2D stepCentre(int step, int steps) {
        PlotArea a = bands.plotArea();
        return bands.canvas().localToScreen(a.x() + (step + 0.5) * a.width() / steps, a.y() + a.height() / 2);
    }

    /** Where the plot puts value {@code v}, on the axis it last painted. */
    private double yOf(double v, PlotArea a) {
        double[] range = bands.valueRange();
        return a.bottom() - (v - range[0]) / (range[1] - range[0]) * a.height();
    }
}
