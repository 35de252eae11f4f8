package dev.tensorlens.ui.plots;

import dev.tensorlens.support.UiTestSupport;
import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.tensor.stats.SharedBins;
import dev.tensorlens.ui.common.Themes;
import javafx.application.Platform;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import static dev.tensorlens.support.UiTestSupport.waitUntil;
import static dev.tensorlens.ui.plots.PlotTensors.floats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The histogram plot alone in a window, headless: what it bins, what it says under the mouse, zoom, log, overlay. */
@ExtendWith(ApplicationExtension.class)
class HistogramPlotTest {

    /** Over [0, 4] in 4 bins: 2, 2, 3, 5 (4 is in the last bin, which is closed). */
    static final float[] KNOWN = {0, 0.5f, 1.5f, 1.5f, 2.5f, 2.5f, 2.5f, 3.5f, 3.5f, 3.5f, 3.5f, 4};

    final ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "histogram-test"));
    final AtomicBoolean computedOnFxThread = new AtomicBoolean();
    HistogramPlot plot;
    Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        Themes.apply(false);
        plot = new HistogramPlot(task -> pool.execute(() -> {
            computedOnFxThread.compareAndSet(false, Platform.isFxApplicationThread());
            task.run();
        }));
        stage.setScene(new Scene(new StackPane(plot), 600, 360));
        stage.setWidth(600);
        stage.setHeight(360);
        stage.setX(0);
        stage.setY(0);
        stage.show();
        stage.requestFocus(); // a headless stage does not take the focus by itself
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void binsTheValuesAndTheReadoutGivesTheExactCountOfTheBinUnderTheMouse(FxRobot robot) {
        plot.setBins(4);
        SharedBins b = show(robot, floats(KNOWN), null);
        assertThat(b.edges()).containsExactly(0, 1, 2, 3, 4);
        assertThat(b.histograms().get(0).counts()).containsExactly(2, 2, 3, 5);
        assertThat(computedOnFxThread).isFalse();
        assertThat(plot.readoutProperty().get()).isEqualTo("4 bins of 1.00 over [0, 4.00]");

        hoverBin(robot, 3, 4);
        waitUntil(5, "the readout of the last bin", () -> plot.readoutProperty().get().startsWith("[3"));
        assertThat(plot.readoutProperty().get()).isEqualTo("[3.0, 4.0]: 5"); // the last bin is closed
        hoverBin(robot, 1, 4);
        waitUntil(5, "the readout of bin 1", () -> plot.readoutProperty().get().equals("[1.0, 2.0): 2"));

        robot.moveTo(robot.point(plot).query().add(0, -1000)); // away: back to the summary
        waitUntil(5, "the summary", () -> plot.readoutProperty().get().startsWith("4 bins"));
    }

    @Test
    void moreBinsAreNarrowerAndRecomputedOffTheFxThread(FxRobot robot) {
        plot.setBins(4);
        show(robot, floats(KNOWN), null);
        robot.interact(() -> plot.setBins(8));
        SharedBins b = waitForBins(8);
        assertThat(b.histograms().get(0).counts()).containsExactly(1, 1, 0, 2, 0, 3, 0, 5);
        assertThat(plot.readoutProperty().get()).isEqualTo("8 bins of 0.500 over [0, 4.00]");
        hoverBin(robot, 5, 8);
        waitUntil(5, "a half-wide bin's readout", () -> plot.readoutProperty().get().equals("[2.50, 3.00): 3"));

        robot.interact(() -> plot.setBins(100_000));
        assertThat(plot.getBins()).isEqualTo(HistogramPlot.MAX_BINS);
        robot.interact(() -> plot.setBins(0));
        assertThat(plot.getBins()).isEqualTo(1);
        assertThat(computedOnFxThread).isFalse();
    }

    @Test
    void theLatestRequestWinsWhenAnOlderOneFinishesLast(FxRobot robot) {
        List<Runnable> queued = new ArrayList<>();
        HistogramPlot[] held = new HistogramPlot[1];
        robot.interact(() -> {
            held[0] = new HistogramPlot(queued::add);
            held[0].setBins(4);
            held[0].show(floats(KNOWN), null);
            held[0].setBins(8);
        });
        assertThat(queued).hasSize(2);
        assertThat(held[0].busyProperty().get()).isTrue();
        queued.get(1).run(); // the newer first…
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(held[0].shownProperty().get().binCount()).isEqualTo(8);
        assertThat(held[0].busyProperty().get()).isFalse();
        queued.get(0).run(); // …then the older, which must not replace it
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(held[0].shownProperty().get().binCount()).isEqualTo(8);
    }

    @Test
    void theLogAxisLiftsASmallBinNextToAHugeOne(FxRobot robot) throws Exception {
        float[] v = new float[1001];
        v[0] = -1; // bin 0 holds one value; the rest are 1, in the last bin
        for (int i = 1; i < v.length; i++) {
            v[i] = 1;
        }
        plot.setBins(2);
        show(robot, floats(v), null);
        double linear = barHeight(robot, 0, 2);
        robot.interact(() -> plot.logCountsProperty().set(true));
        WaitForAsyncUtils.waitForFxEvents();
        double log = barHeight(robot, 0, 2);
        assertThat(linear).as("a bin of 1 among 1,000 is still a pixel").isBetween(1.0, 2.0);
        assertThat(log).isGreaterThan(10 * linear);
        assertThat(barHeight(robot, 1, 2)).isGreaterThan(log); // the full bin is still the taller
    }

    @Test
    void draggingAcrossZoomsIntoThatRangeAndEscapeOrDoubleClickGoesBack(FxRobot robot) {
        plot.setBins(4);
        show(robot, floats(KNOWN), null);
        PlotArea a = plot.plotArea();
        Point2D from = plot.canvas().localToScreen(a.x() + a.width() * 0.25, a.y() + a.height() / 2);
        Point2D to = plot.canvas().localToScreen(a.x() + a.width() * 0.75, a.y() + a.height() / 2);
        robot.drag(from, MouseButton.PRIMARY).dropTo(to);
        waitUntil(5, "a zoom range", () -> plot.getZoomRange() != null);
        ValueRange zoom = plot.getZoomRange();
        assertThat(zoom.min()).isCloseTo(1, within(0.05));
        assertThat(zoom.max()).isCloseTo(3, within(0.05));
        SharedBins b = waitUntilShown(s -> s.edges()[0] == zoom.min());
        assertThat(b.binCount()).isEqualTo(4); // the same number of bins over the narrower range
        assertThat(b.edges()[4]).isEqualTo(zoom.max());

        hoverBin(robot, 0, 4);
        waitUntil(5, "a zoomed bin's readout", () -> plot.readoutProperty().get().startsWith("["));
        double[] edges = edgesOf(plot.readoutProperty().get());
        assertThat(edges[0]).isGreaterThanOrEqualTo(zoom.min() - 0.01);
        assertThat(edges[1]).isLessThanOrEqualTo(zoom.max() + 0.01);
        // what is left out is counted, not lost: 0, 0.5 below, 3.5 ×4 and 4 above (1.5 and 2.5 are inside)
        assertThat(countLines(robot)).contains("outside 7");

        robot.type(KeyCode.ESCAPE);
        waitUntil(5, "the full range after Escape", () -> plot.getZoomRange() == null);
        waitUntilShown(s -> s.edges()[0] == 0);
        assertThat(countLines(robot)).isEmpty();

        robot.interact(() -> plot.setZoomRange(new ValueRange(1, 2)));
        waitUntilShown(s -> s.edges()[0] == 1);
        robot.doubleClickOn(plot.canvas().localToScreen(a.x() + a.width() / 2, a.y() + a.height() / 2));
        waitUntil(5, "the full range after a double-click", () -> plot.getZoomRange() == null);
    }

    @Test
    void nanAndInfinitiesAreCountedBesideTheBarsNotBinned(FxRobot robot) {
        SharedBins b = show(robot, floats(1, 2, Float.NaN, 3, Float.NaN, Float.NEGATIVE_INFINITY), null);
        assertThat(b.histograms().get(0).binnedCount()).isEqualTo(3);
        assertThat(countLines(robot)).containsExactly("NaN 2", "−Inf 1");
        assertThat(robot.lookup(".plot-count-strip").query().isVisible()).isTrue();

        show(robot, floats(Float.NaN, Float.NaN), null);
        assertThat(countLines(robot)).containsExactly("NaN 2");
        assertThat(plot.emptyText()).isEqualTo("No finite values");
    }

    @Test
    void twoVersionsShareTheBinsAndTheReadoutGivesBothCounts(FxRobot robot) {
        robot.interact(() -> plot.setBins(4));
        Tensor before = floats(0, 0.5f, 1.5f, 2.5f, Float.NaN);
        Tensor after = floats(1.5f, 1.6f, 2.5f, 3.5f, 4, Float.NaN, Float.NaN);
        robot.interact(() -> plot.showOverlay(before, "step 100", after, "step 200"));
        SharedBins b = waitUntilShown(s -> s.histograms().size() == 2);
        assertThat(b.edges()).containsExactly(0, 1, 2, 3, 4);
        assertThat(robot.lookup(".plot-legend-entry").queryAllAs(Label.class))
                .extracting(Label::getText).containsExactly("step 100", "step 200");

        hoverBin(robot, 1, 4);
        waitUntil(5, "both counts", () -> plot.readoutProperty().get().startsWith("[1.0, 2.0)"));
        assertThat(plot.readoutProperty().get()).isEqualTo("[1.0, 2.0): step 100 1 · step 200 2");
        assertThat(countLines(robot)).containsExactly("NaN 1 → 2");
        UiTestSupport.screenshot(plot.getScene(), "plots-histogram-overlay-test");
    }

    @Test
    void theKeyboardStepsThroughTheBins(FxRobot robot) {
        plot.setBins(4);
        show(robot, floats(KNOWN), null);
        robot.interact(plot::requestFocus);
        robot.type(KeyCode.RIGHT);
        waitUntil(5, "the first bin", () -> plot.readoutProperty().get().equals("[0.0, 1.0): 2"));
        robot.type(KeyCode.END);
        waitUntil(5, "the last bin", () -> plot.readoutProperty().get().equals("[3.0, 4.0]: 5"));
        robot.type(KeyCode.LEFT);
        waitUntil(5, "the third bin", () -> plot.readoutProperty().get().equals("[2.0, 3.0): 3"));
    }

    @Test
    void anEmptyPlotSaysSo(FxRobot robot) {
        assertThat(plot.emptyText()).isEqualTo("No data");
        show(robot, floats(KNOWN), null);
        assertThat(plot.emptyText()).isNull();
        robot.interact(plot::clear);
        assertThat(plot.emptyText()).isEqualTo("No data");
        assertThat(plot.shownProperty().get()).isNull();
        assertThat(plot.readoutProperty().get()).isEmpty();
    }

    // ---- helpers ----

    private SharedBins show(FxRobot robot, Tensor t, String label) {
        robot.interact(() -> plot.show(t, label));
        return waitUntilShown(s -> s.histograms().get(0) != null);
    }

    private SharedBins waitForBins(int bins) {
        return waitUntilShown(s -> s.binCount() == bins);
    }

    private SharedBins waitUntilShown(Predicate<SharedBins> what) {
        waitUntil(10, "the histogram", () -> plot.shownProperty().get() != null && !plot.busyProperty().get()
                && what.test(plot.shownProperty().get()));
        WaitForAsyncUtils.waitForFxEvents();
        return plot.shownProperty().get();
    }

    private void hoverBin(FxRobot robot, int bin, int bins) {
        PlotArea a = plot.plotArea();
        robot.moveTo(plot.canvas().localToScreen(a.x() + (bin + 0.5) * a.width() / bins, a.y() + a.height() * 0.6));
    }

    private List<String> countLines(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        return robot.lookup(".plot-count").queryAllAs(Label.class).stream()
                .map(Label::getText).toList();
    }

    /** The two numbers of "[a, b): …". */
    private static double[] edgesOf(String readout) {
        String inner = readout.substring(1, readout.indexOf(readout.contains(")") ? ')' : ']'));
        String[] parts = inner.split(", ");
        return new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1])};
    }

    /** How many pixels up from the axis the bar of {@code bin} is painted in the first series' colour. */
    private double barHeight(FxRobot robot, int bin, int bins) throws Exception {
        PlotArea a = plot.plotArea();
        WritableImage shot = WaitForAsyncUtils.asyncFx(() -> plot.canvas().snapshot(null, null)).get();
        PixelReader px = shot.getPixelReader();
        Color bar = plot.palette().color(PlotPalette.Role.SERIES_1);
        int x = (int) (a.x() + (bin + 0.3) * a.width() / bins); // not the middle, where a tick mark may be
        int height = 0;
        for (int y = (int) a.bottom() - 1; y >= a.y(); y--) {
            Color c = px.getColor(x, y);
            if (Math.abs(c.getRed() - bar.getRed()) < 0.05 && Math.abs(c.getGreen() - bar.getGreen()) < 0.05
                    && Math.abs(c.getBlue() - bar.getBlue()) < 0.05) {
                height++;
            } else if (height > 0) {
                break;
            }
        }
        return height;
    }
}
