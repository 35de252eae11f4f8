package dev.tensorlens.ui.plots;

import dev.tensorlens.ui.common.Themes;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Spinner;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.controlsfx.control.ToggleSwitch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static dev.tensorlens.support.UiTestSupport.waitUntil;
import static dev.tensorlens.ui.plots.HistogramPlotTest.KNOWN;
import static dev.tensorlens.ui.plots.PlotTensors.floats;
import static org.assertj.core.api.Assertions.assertThat;

/** The toolbar of the histogram pane drives the plot: bins typed in, the log switch, "Reset zoom". */
@ExtendWith(ApplicationExtension.class)
class HistogramPaneTest {

    final ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "histogram-pane-test"));
    HistogramPane pane;

    @Start
    void start(Stage stage) {
        Themes.apply(false);
        pane = new HistogramPane(pool);
        stage.setScene(new Scene(new StackPane(pane), 640, 400));
        stage.setWidth(640);
        stage.setHeight(400);
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
    void typingABinCountRebinsThePlotAndThePlotsBinsShowInTheSpinner(FxRobot robot) {
        robot.interact(() -> pane.show(floats(KNOWN), "layer"));
        waitForBins(HistogramPlot.DEFAULT_BINS);

        Spinner<?> bins = robot.lookup(".histogram-bins").queryAs(Spinner.class);
        robot.doubleClickOn(bins.getEditor());
        robot.interact(() -> bins.getEditor().selectAll());
        robot.write("4").type(KeyCode.ENTER);
        waitForBins(4);
        assertThat(pane.plot().readoutProperty().get()).startsWith("4 bins of 1.00");

        robot.interact(() -> pane.plot().setBins(8));
        assertThat(bins.getValue()).isEqualTo(8);
        assertThat(bins.getEditor().getText()).isEqualTo("8");
        waitForBins(8);
    }

    @Test
    void theSwitchTurnsOnLogCountsAndResetZoomIsOnlyEnabledWhenZoomed(FxRobot robot) {
        robot.interact(() -> pane.show(floats(KNOWN), "layer"));
        waitForBins(HistogramPlot.DEFAULT_BINS);

        ToggleSwitch log = robot.lookup(".histogram-log").queryAs(ToggleSwitch.class);
        assertThat(log.getText()).isEqualTo("Log counts");
        robot.clickOn(log.lookup(".thumb-area")); // ControlsFX's switch toggles on its track, not its text
        waitUntil(5, "log counts", () -> pane.plot().logCountsProperty().get());
        robot.interact(log::requestFocus); // where Tab brings it (a click on it does not focus it)
        robot.type(KeyCode.SPACE);
        waitUntil(5, "linear counts", () -> !pane.plot().logCountsProperty().get());

        Button reset = robot.lookup(".histogram-reset-zoom").queryButton();
        assertThat(reset.getText()).isEqualTo("Reset zoom");
        assertThat(reset.isDisabled()).isTrue();
        robot.interact(() -> pane.plot().setZoomRange(new ValueRange(1, 3)));
        assertThat(reset.isDisabled()).isFalse();
        waitUntil(10, "the zoomed bins", () -> !pane.plot().busyProperty().get()
                && pane.plot().shownProperty().get().edges()[0] == 1);
        robot.clickOn(reset);
        waitUntil(5, "the full range", () -> pane.plot().getZoomRange() == null);
        assertThat(reset.isDisabled()).isTrue();
    }

    private void waitForBins(int n) {
        waitUntil(10, n + " bins", () -> pane.plot().shownProperty().get() != null
                && !pane.plot().busyProperty().get() && pane.plot().shownProperty().get().binCount() == n);
        WaitForAsyncUtils.waitForFxEvents();
    }
}
