package dev.tensorlens.ui.plots;

import dev.tensorlens.support.UiTestSupport;
import dev.tensorlens.tensor.image.ColorMap;
import dev.tensorlens.tensor.image.Grid;
import dev.tensorlens.tensor.image.PooledGrid;
import dev.tensorlens.ui.common.Themes;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.assertj.core.data.Offset;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.tensorlens.support.UiTestSupport.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** The heatmap alone in a window, headless: what it draws, pixel by pixel, and what it says under the mouse. */
@ExtendWith(ApplicationExtension.class)
class HeatmapTest {

    static final float NAN = Float.NaN;
    /** 2 × 3, scale [-2, 2]: -2 bottom blue, 2 top red, 0 the neutral middle, a NaN. */
    static final float[] KNOWN = {-2, 0, 1, 2, NAN, -0.5f};

    final ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "heatmap-test-build"));
    final AtomicBoolean builtOnFxThread = new AtomicBoolean();
    final AtomicInteger builds = new AtomicInteger();
    Heatmap heatmap;
    Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        heatmap = new Heatmap(task -> pool.execute(() -> {
            builtOnFxThread.compareAndSet(false, Platform.isFxApplicationThread());
            builds.incrementAndGet();
            task.run();
        }));
        stage.setScene(new Scene(new StackPane(heatmap), 420, 300));
        // TestFX hands every test the same stage: one that a test resized would not shrink to the new scene
        stage.setWidth(420);
        stage.setHeight(300);
        stage.setX(0);
        stage.setY(0);
        stage.show();
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void drawsEachCellInItsColourOnTheImageAndOnScreen(FxRobot robot) throws Exception {
        HeatmapFrame frame = show(robot, Grid.matrix(KNOWN, 2, 3));
        assertThat(frame.cells().rows()).isEqualTo(2);
        assertThat(frame.cells().cols()).isEqualTo(3);
        assertThat(frame.scale().low()).isEqualTo(-2);
        assertThat(frame.scale().high()).isEqualTo(2);
        assertThat(builtOnFxThread).isFalse();

        int blue = ColorMap.DIVERGING.argb(0);
        int red = ColorMap.DIVERGING.argb(ColorMap.SIZE - 1);
        int white = ColorMap.DIVERGING.argb(ColorMap.MIDDLE);
        assertThat(blue & 0xFF).isGreaterThan(blue >> 16 & 0xFF);
        assertThat(red >> 16 & 0xFF).isGreaterThan(red & 0xFF);

        ImageView picture = robot.lookup(".heatmap-picture").queryAs(ImageView.class);
        // the image: each cell a block of whole pixels, shown one image pixel per screen pixel
        assertThat(picture.getImage().getWidth()).isEqualTo(3 * frame.fit().cellWidth());
        assertThat(picture.getImage().getHeight()).isEqualTo(2 * frame.fit().cellHeight());
        assertThat(picture.getFitWidth()).isEqualTo(picture.getImage().getWidth());
        assertThat(imagePixel(picture, frame, 0, 0)).isEqualTo(blue);  // row 0, col 0: -2
        assertThat(imagePixel(picture, frame, 0, 1)).isEqualTo(white); // row 0, col 1: 0
        assertThat(imagePixel(picture, frame, 1, 0)).isEqualTo(red);   // row 1, col 0: 2
        assertThat(imagePixel(picture, frame, 1, 1)).isEqualTo(ColorMap.NAN_ARGB);

        // on screen: the rendered scene, sampled in the middle of each cell
        WritableImage shot = WaitForAsyncUtils.asyncFx(() -> heatmap.getScene().snapshot(null)).get();
        UiTestSupport.screenshot(heatmap.getScene(), "plots-heatmap-2x3");
        assertSameColour(pixelOfCell(shot, picture, frame, 0, 0), blue);
        assertSameColour(pixelOfCell(shot, picture, frame, 1, 0), red);
        assertSameColour(pixelOfCell(shot, picture, frame, 1, 1), ColorMap.NAN_ARGB);
        assertSameColour(pixelOfCell(shot, picture, frame, 1, 2), ColorMap.DIVERGING.argb(ColorMap.MIDDLE - 32));
        assertSameColour(pixelOfCell(shot, picture, frame, 0, 1), white);
        // sharp edges: one pixel inside the corners of a cell is still the cell's own colour, not a blend
        Point2D corner = picture.localToScene(frame.fit().cellWidth() + 1, frame.fit().cellHeight() + 1);
        assertSameColour(shot.getPixelReader().getArgb((int) corner.getX(), (int) corner.getY()), ColorMap.NAN_ARGB);
        corner = picture.localToScene(frame.fit().cellWidth() - 1.5, frame.fit().cellHeight() - 1.5);
        assertSameColour(shot.getPixelReader().getArgb((int) corner.getX(), (int) corner.getY()), blue);

        assertThat(heatmap.legend().labels()).containsExactly("2.00", "0", "-2.00");
        assertThat(heatmap.readoutProperty().get()).isEqualTo("2 × 3");
    }

    @Test
    void theReadoutNamesTheCellUnderTheMouse(FxRobot robot) throws Exception {
        HeatmapFrame frame = show(robot, Grid.matrix(KNOWN, 2, 3));
        ImageView picture = robot.lookup(".heatmap-picture").queryAs(ImageView.class);

        robot.moveTo(centreOfCell(picture, frame, 0, 2));
        waitUntil(5, "the hovered cell", () -> heatmap.hoveredCellProperty().get() != null);
        PooledGrid.Cell cell = heatmap.hoveredCellProperty().get();
        assertThat(cell.sourceRow()).isZero();
        assertThat(cell.sourceCol()).isEqualTo(2);
        assertThat(cell.value()).isEqualTo(1f);
        assertThat(heatmap.readoutProperty().get()).isEqualTo("row 0, col 2: 1.00000");

        robot.moveTo(centreOfCell(picture, frame, 1, 1));
        waitUntil(5, "the NaN cell", () -> heatmap.hoveredCellProperty().get().col() == 1);
        assertThat(heatmap.readoutProperty().get()).isEqualTo("row 1, col 1: NaN");

        robot.moveTo(picture.localToScreen(picture.getFitWidth() + 3, 2)); // beside the picture
        waitUntil(5, "no cell", () -> heatmap.hoveredCellProperty().get() == null);
        assertThat(heatmap.readoutProperty().get()).isEqualTo("2 × 3");
    }

    @Test
    void aLargerGridIsPooledToThePixelsAndRebuiltOffTheFxThreadWhenResized(FxRobot robot) {
        float[] v = new float[600 * 600];
        Random r = new Random(5);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        v[450 * 600 + 17] = -40; // one outlier: the colour scale's low end, and it must show
        HeatmapFrame small = show(robot, Grid.matrix(v, 600, 600));
        assertThat(small.cells().cols()).isLessThan(600);
        assertThat(small.cells().rows()).isLessThan(600);
        assertThat(small.scale().low()).isEqualTo(-40);
        assertThat(containsValue(small.cells(), -40f)).isTrue();

        int before = builds.get();
        robot.interact(() -> {
            stage.setWidth(900);
            stage.setHeight(760);
        });
        waitUntil(10, "a picture for the larger window",
                () -> heatmap.shownProperty().get() != small && !heatmap.busyProperty().get());
        HeatmapFrame large = heatmap.shownProperty().get();
        UiTestSupport.screenshot(heatmap.getScene(), "plots-heatmap-600x600");
        assertThat(large.cells().cols()).isEqualTo(600);
        assertThat(large.cells().rows()).isGreaterThan(small.cells().rows());
        assertThat(large.scale()).isEqualTo(small.scale()); // the scale belongs to the data, not the size
        assertThat(builds.get()).isGreaterThan(before);
        assertThat(builtOnFxThread).isFalse();
    }

    @Test
    void aVectorIsAStripAndViridisRunsFromMinToMax(FxRobot robot) {
        float[] v = new float[1000];
        for (int i = 0; i < v.length; i++) {
            v[i] = i / 10f;
        }
        robot.interact(() -> heatmap.setColorMap(ColorMap.VIRIDIS));
        HeatmapFrame frame = show(robot, Grid.of(v, 1000));
        assertThat(frame.cells().rows()).isEqualTo(1);
        assertThat(frame.fit().pixelHeight()).isEqualTo(CellFit.STRIP);
        assertThat(frame.scale().low()).isZero();
        assertThat(frame.scale().high()).isEqualTo(99.9, Offset.offset(1e-4));
        assertThat(heatmap.legend().labels()).containsExactly("99.9", "50.0", "0");
        ImageView picture = robot.lookup(".heatmap-picture").queryAs(ImageView.class);
        assertThat(picture.getFitHeight()).isEqualTo(CellFit.STRIP);
        // the first cell stands for the first few values and shows the largest, not 0
        assertThat(frame.cells().value(0, 0)).isEqualTo((frame.cells().blockColEnd(0) - 1) / 10f);
        assertThat(imagePixel(picture, frame, 0, 0)).isEqualTo(frame.scale().argb(frame.cells().value(0, 0)));
        assertThat(imagePixel(picture, frame, 0, frame.cells().cols() - 1))
                .isEqualTo(ColorMap.VIRIDIS.argb(ColorMap.SIZE - 1));
    }

    @Test
    void aLayersWeightsInTheAppThemeLightAndDark(FxRobot robot) throws Exception {
        String themeBefore = Application.getUserAgentStylesheet();
        try {
            robot.interact(() -> {
                Themes.apply(false);
                heatmap.getScene().getStylesheets().add(Themes.APP_CSS);
                stage.setWidth(720);
                stage.setHeight(420);
            });
            // what the Models view will show for the demo's layer0.weight: small normal weights, two outliers
            float[] w = new float[64 * 784];
            Random r = new Random(3);
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) (r.nextGaussian() * 0.05);
            }
            w[20 * 784 + 300] = 0.9f;
            w[50 * 784 + 611] = -0.8f;
            HeatmapFrame frame = show(robot, Grid.matrix(w, 64, 784));
            assertThat(frame.scale().low()).isEqualTo(-0.9, Offset.offset(1e-6)); // centred at 0: the largest |x| each way
            assertThat(heatmap.readoutProperty().get()).startsWith("64 × 784 shown as 64 × ");
            UiTestSupport.screenshot(heatmap.getScene(), "plots-heatmap-weights");
            double lightText = luminance(readoutColour(robot));

            robot.interact(() -> Themes.apply(true));
            WaitForAsyncUtils.waitForFxEvents();
            UiTestSupport.screenshot(heatmap.getScene(), "plots-heatmap-weights-dark");
            // the readout and the legend's numbers follow the theme: dark text on light, light text on dark
            assertThat(lightText).isLessThan(0.3);
            assertThat(luminance(readoutColour(robot))).isGreaterThan(0.7);
        } finally {
            robot.interact(() -> Application.setUserAgentStylesheet(themeBefore));
        }
    }

    private static Color readoutColour(FxRobot robot) throws Exception {
        Label readout = robot.lookup(".heatmap-readout").queryAs(Label.class);
        return WaitForAsyncUtils.asyncFx(() -> (Color) readout.getTextFill()).get();
    }

    private static double luminance(Color c) {
        return 0.2126 * c.getRed() + 0.7152 * c.getGreen() + 0.0722 * c.getBlue();
    }

    @Test
    void describesAPooledCellWithItsBlock() {
        PooledGrid.Cell cell = new PooledGrid.Cell(3, 4, -0.0213f, 14, 42, 12, 16, 40, 44);
        assertThat(HeatmapText.describe(cell)).isEqualTo("row 14, col 42: -0.0213000  (largest |x| of rows 12–15, cols 40–43)");
        assertThat(HeatmapText.value(Float.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
        assertThat(ColorBar.number(12345.6)).isEqualTo("1.23e+04");
        assertThat(ColorBar.number(-0.5)).isEqualTo("-0.500");
    }

    private HeatmapFrame show(FxRobot robot, Grid grid) {
        robot.interact(() -> heatmap.setGrid(grid));
        waitUntil(10, "the picture of " + grid, () -> heatmap.shownProperty().get() != null
                && heatmap.shownProperty().get().cells().source() == grid && !heatmap.busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        return heatmap.shownProperty().get();
    }

    /**
     * The software renderer rounds each channel when it composites the image into the scene (seen: 0x053061 drawn
     * as 0x063162), so a colour on screen is the table's colour within 2 per channel.
     */
    private static void assertSameColour(int actual, int expected) {
        for (int shift = 0; shift <= 24; shift += 8) {
            assertThat(actual >> shift & 0xFF).as("channel at bit %d of %08x vs %08x", shift, actual, expected)
                    .isCloseTo(expected >> shift & 0xFF, Offset.offset(2));
        }
    }

    /** The image's pixel in the middle of cell {@code (row, col)}. */
    private static int imagePixel(ImageView picture, HeatmapFrame frame, int row, int col) {
        PixelReader image = picture.getImage().getPixelReader();
        return image.getArgb(col * frame.fit().cellWidth() + frame.fit().cellWidth() / 2,
                row * frame.fit().cellHeight() + frame.fit().cellHeight() / 2);
    }

    private static boolean containsValue(PooledGrid cells, float value) {
        for (int i = 0; i < cells.rows(); i++) {
            for (int j = 0; j < cells.cols(); j++) {
                if (cells.value(i, j) == value) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Point2D centreInPicture(ImageView picture, HeatmapFrame frame, int row, int col) {
        double w = picture.getFitWidth() / frame.cells().cols();
        double h = picture.getFitHeight() / frame.cells().rows();
        return new Point2D((col + 0.5) * w, (row + 0.5) * h);
    }

    private static Point2D centreOfCell(ImageView picture, HeatmapFrame frame, int row, int col) {
        return picture.localToScreen(centreInPicture(picture, frame, row, col));
    }

    private static int pixelOfCell(WritableImage shot, ImageView picture, HeatmapFrame frame, int row, int col) {
        Point2D p = picture.localToScene(centreInPicture(picture, frame, row, col));
        Bounds b = picture.localToScene(picture.getBoundsInLocal());
        assertThat(b.contains(p)).isTrue();
        return shot.getPixelReader().getArgb((int) p.getX(), (int) p.getY());
    }
}
