package dev.tensorlens.ui.plots;

import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.tensor.image.ColorMap;
import dev.tensorlens.tensor.image.Grid;
import dev.tensorlens.tensor.image.PooledGrid;
import dev.tensorlens.tensor.image.TensorGrids;
import dev.tensorlens.tensor.image.ValueRange;
import dev.tensorlens.tensor.image.Viewport;
import dev.tensorlens.tensor.write.RawBytes;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.geometry.VerticalDirection;
import javafx.scene.Scene;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelReader;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static dev.tensorlens.support.UiTestSupport.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** Zoom, pan, reset, clamp, tile grids and PNG export of a heatmap in a window, headless, with the real robot. */
@ExtendWith(ApplicationExtension.class)
class HeatmapZoomTest {

    /** 1100 × 1000 (a pyramid is built): cell (r, c) holds r·1000 + c, exact in float32. */
    static final int ROWS = 1100;
    static final int COLS = 1000;

    final ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "heatmap-zoom-test"));
    Heatmap heatmap;
    Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        heatmap = new Heatmap(pool);
        stage.setScene(new Scene(new StackPane(heatmap), 640, 480));
        stage.setWidth(640);
        stage.setHeight(480);
        stage.setX(0);
        stage.setY(0);
        stage.show();
        stage.requestFocus();
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    static Grid numbered() {
        float[] v = new float[ROWS * COLS];
        for (int r = 0; r < ROWS; r++) {
            for (int c = 0; c < COLS; c++) {
                v[r * COLS + c] = r * 1000 + c;
            }
        }
        return Grid.matrix(v, ROWS, COLS);
    }

    @Test
    void keysAndTheWheelZoomDownToCellsOfManyPixelsWhereTheReadoutNamesTheRealCell(FxRobot robot) {
        Grid grid = numbered();
        HeatmapFrame whole = show(robot, grid);
        assertThat(whole.zoomed()).isFalse();
        assertThat(whole.cells().rows()).isLessThan(ROWS); // pooled
        assertThat(heatmap.viewportProperty().get()).isNull();
        ImageView picture = robot.lookup(".heatmap-picture").queryAs(ImageView.class);

        robot.clickOn(picture); // focus
        HeatmapFrame f = whole;
        for (int i = 0; i < 60 && f.fit().cellWidth() < 24; i++) {
            HeatmapFrame before = f;
            robot.type(KeyCode.PLUS);
            f = next(robot, before, x -> true);
        }
        assertThat(f.fit().cellWidth()).isGreaterThanOrEqualTo(24);
        assertThat(f.fit().cellHeight()).isEqualTo(f.fit().cellWidth()); // square cells, whole pixels
        assertThat(f.zoomed()).isTrue();
        assertThat(f.cells().level()).isZero();
        // the middle of the grid stays in the middle: + zooms around the centre
        Viewport v = f.viewport();
        assertThat(v.row() + v.rows() / 2.0).isCloseTo(ROWS / 2.0, Offset.offset(v.rows() / 2.0 + 2));

        // hover the cell in the second row and third column of the window: its own row, column and value
        robot.moveTo(centreOfCell(picture, f, 1, 2));
        waitUntil(5, "the hovered cell", () -> heatmap.hoveredCellProperty().get() != null
                && heatmap.hoveredCellProperty().get().row() == 1 && heatmap.hoveredCellProperty().get().col() == 2);
        PooledGrid.Cell cell = heatmap.hoveredCellProperty().get();
        int row = v.row() + 1;
        int col = v.col() + 2;
        assertThat(cell.pooled()).isFalse();
        assertThat(cell.sourceRow()).isEqualTo(row);
        assertThat(cell.sourceCol()).isEqualTo(col);
        assertThat(cell.value()).isEqualTo(row * 1000f + col);
        assertThat(heatmap.readoutProperty().get())
                .isEqualTo("row " + row + ", col " + col + ": " + HeatmapText.value(row * 1000f + col));

        // the wheel zooms in further around the pointer: the cell under it stays under it
        HeatmapFrame beforeWheel = f;
        // the wheel turned away from the user (positive deltaY) zooms in. Monocle's robot gives deltaY -1 for
        // TestFX's UP and +1 for DOWN (no 40-per-notch multiplier, and the sign the other way round from desktop
        // toolkits), so DOWN is the one that zooms in here
        robot.scroll(2, VerticalDirection.DOWN);
        f = next(robot, beforeWheel, x -> x.fit().cellWidth() > beforeWheel.fit().cellWidth());
        assertThat(heatmap.hoveredCellProperty().get().sourceRow()).isEqualTo(row);
        assertThat(heatmap.hoveredCellProperty().get().sourceCol()).isEqualTo(col);
        // and back out
        HeatmapFrame beforeOut = f;
        robot.scroll(2, VerticalDirection.UP);
        f = next(robot, beforeOut, x -> x.fit().cellWidth() < beforeOut.fit().cellWidth());

        // pan: the arrows move the window by whole cells, a drag moves the grid with the mouse
        Viewport atStart = f.viewport();
        robot.type(KeyCode.RIGHT);
        f = next(robot, f, x -> x.viewport().col() > atStart.col());
        assertThat(f.viewport().row()).isEqualTo(atStart.row());
        assertThat(f.viewport().rows()).isEqualTo(atStart.rows());
        Viewport beforeDrag = f.viewport();
        int cellPx = f.fit().cellWidth();
        Point2D from = centreOfCell(picture, f, 3, 3);
        robot.drag(from, MouseButton.PRIMARY).moveBy(-3 * cellPx, -2 * cellPx).release(MouseButton.PRIMARY);
        f = next(robot, f, x -> !x.viewport().equals(beforeDrag));
        assertThat(f.viewport().col()).isEqualTo(beforeDrag.col() + 3);
        assertThat(f.viewport().row()).isEqualTo(beforeDrag.row() + 2);

        // 0 shows the whole grid again, as does a double click
        robot.type(KeyCode.DIGIT0);
        f = next(robot, f, x -> !x.zoomed());
        assertThat(heatmap.viewportProperty().get()).isNull();
        assertThat(f.cells().rows()).isEqualTo(whole.cells().rows());
        assertThat(f.cells().cols()).isEqualTo(whole.cells().cols());
        robot.type(KeyCode.PLUS);
        f = next(robot, f, HeatmapFrame::zoomed);
        robot.doubleClickOn(picture);
        next(robot, f, x -> !x.zoomed());
    }

    @Test
    void aWindowSetFromOutsideIsShownAndAPyramidLevelServesTheWholeView(FxRobot robot) {
        Grid grid = numbered();
        HeatmapFrame whole = show(robot, grid);
        robot.interact(() -> heatmap.viewportProperty().set(new Viewport(500, 700, 10, 12)));
        HeatmapFrame f = next(robot, whole, x -> x.zoomed());
        assertThat(f.cells().rows()).isEqualTo(10);
        assertThat(f.cells().cols()).isEqualTo(12);
        assertThat(f.cells().value(0, 0)).isEqualTo(500_700f);
        assertThat(f.cells().value(9, 11)).isEqualTo(509_711f);
        assertThat(HeatmapText.summary(f)).isEqualTo("1100 × 1000, rows 500–509, cols 700–711");
        // a window beyond the grid is moved inside it
        robot.interact(() -> heatmap.viewportProperty().set(new Viewport(1095, 995, 10, 12)));
        f = next(robot, f, x -> x.viewport().row() != 500);
        assertThat(f.viewport()).isEqualTo(new Viewport(1090, 988, 10, 12));
        // a new grid of the same shape keeps the window; another shape starts from the whole grid
        HeatmapFrame kept = f;
        Grid same = numbered();
        robot.interact(() -> heatmap.setGrid(same));
        f = next(robot, kept, x -> x.cells().source() == same);
        assertThat(f.viewport()).isEqualTo(kept.viewport());
        Grid other = Grid.matrix(new float[200 * 300], 200, 300);
        robot.interact(() -> heatmap.setGrid(other));
        f = next(robot, f, x -> x.cells().source() == other);
        assertThat(f.zoomed()).isFalse();
        assertThat(heatmap.viewportProperty().get()).isNull();
    }

    @Test
    void aClampNarrowsTheColoursAndTheLegendMarksWhatLiesBeyond(FxRobot robot) {
        HeatmapFrame f = show(robot, Grid.matrix(HeatmapTest.KNOWN, 2, 3));
        assertThat(heatmap.legend().beyond()).containsExactly(false, false);
        ImageView picture = robot.lookup(".heatmap-picture").queryAs(ImageView.class);
        int oneBefore = imagePixel(picture, f, 0, 2);
        robot.interact(() -> heatmap.clampProperty().set(ValueRange.span(-0.5, 0.5)));
        HeatmapFrame clamped = next(robot, f, x -> x.scale().high() == 0.5);
        assertThat(clamped.cells()).isSameAs(f.cells()); // only the colours changed: not pooled again
        assertThat(clamped.times().poolNanos()).isZero();
        int top = ColorMap.DIVERGING.argb(ColorMap.SIZE - 1);
        int bottom = ColorMap.DIVERGING.argb(0);
        assertThat(imagePixel(picture, clamped, 0, 2)).isEqualTo(top);    // 1 > 0.5: the end colour
        assertThat(imagePixel(picture, clamped, 1, 0)).isEqualTo(top);    // 2
        assertThat(imagePixel(picture, clamped, 0, 0)).isEqualTo(bottom); // -2
        assertThat(imagePixel(picture, clamped, 1, 2)).isEqualTo(bottom); // -0.5, at the clamp's end
        assertThat(oneBefore).isNotEqualTo(top).isEqualTo(ColorMap.DIVERGING.argb(ColorMap.MIDDLE + 64)); // half way
        assertThat(heatmap.legend().labels()).containsExactly("0.500", "0", "-0.500");
        assertThat(heatmap.legend().beyond()).containsExactly(true, true);
        robot.interact(() -> heatmap.clampProperty().set(null));
        next(robot, clamped, x -> x.scale().high() == 2);
        assertThat(heatmap.legend().beyond()).containsExactly(false, false);
    }

    @Test
    void convolutionTilesNameFilterAndPositionAndTheirGapsAreBackground(FxRobot robot) {
        // w = np.arange(4*3*3*3).reshape(4, 3, 3, 3) - 54: 4 filters over 3 input channels, 3 × 3
        float[] w = new float[4 * 3 * 3 * 3];
        for (int i = 0; i < w.length; i++) {
            w[i] = i - 54;
        }
        Tensor t = Tensor.view("conv1.weight", DType.FLOAT32, new long[] {4, 3, 3, 3}, RawBytes.float32(w), 0);
        Grid grid = TensorGrids.filters(t);
        HeatmapFrame f = show(robot, grid);
        assertThat(f.cells().rows()).isEqualTo(4 * 4 - 1);
        assertThat(f.cells().cols()).isEqualTo(3 * 4 - 1);
        ImageView picture = robot.lookup(".heatmap-picture").queryAs(ImageView.class);
        // filter (2, 1), position (1, 2): grid cell (2·4 + 1, 1·4 + 2) holds w[2, 1, 1, 2]
        robot.moveTo(centreOfCell(picture, f, 9, 6));
        waitUntil(5, "the hovered tile cell", () -> heatmap.hoveredCellProperty().get() != null
                && heatmap.hoveredCellProperty().get().row() == 9 && heatmap.hoveredCellProperty().get().col() == 6);
        float expected = w[((2 * 3 + 1) * 3 + 1) * 3 + 2];
        assertThat(heatmap.readoutProperty().get()).isEqualTo("filter (2, 1), position (1, 2): " + HeatmapText.value(expected));
        robot.moveTo(centreOfCell(picture, f, 3, 6));
        waitUntil(5, "the gap", () -> heatmap.hoveredCellProperty().get() != null
                && heatmap.hoveredCellProperty().get().row() == 3);
        assertThat(heatmap.hoveredCellProperty().get().gap()).isTrue();
        assertThat(heatmap.readoutProperty().get()).isEqualTo("between filters");
        assertThat(imagePixel(picture, f, 3, 6) >>> 24).isZero(); // transparent: the background shows
        assertThat(imagePixel(picture, f, 9, 6) >>> 24).isEqualTo(0xFF);
    }

    @Test
    void aPlotIsWrittenAsAPngOfItsSize(FxRobot robot, @TempDir Path dir) throws Exception {
        show(robot, numbered());
        Path file = dir.resolve("plots").resolve("heatmap.png");
        Path written = PlotExport.png(heatmap, file, pool).get(20, TimeUnit.SECONDS);
        assertThat(written).isEqualTo(file);
        BufferedImage image = ImageIO.read(file.toFile());
        Bounds b = WaitForAsyncUtils.asyncFx(() -> heatmap.getLayoutBounds()).get();
        assertThat(image.getWidth()).isEqualTo((int) Math.ceil(b.getWidth()));
        assertThat(image.getHeight()).isEqualTo((int) Math.ceil(b.getHeight()));
        // the picture's top left cell is in the PNG at the same place
        ImageView picture = robot.lookup(".heatmap-picture").queryAs(ImageView.class);
        Point2D p = WaitForAsyncUtils.asyncFx(() -> heatmap.sceneToLocal(picture.localToScene(1, 1))).get();
        int expected = picture.getImage().getPixelReader().getArgb(1, 1);
        int actual = image.getRGB((int) p.getX(), (int) p.getY());
        for (int shift = 0; shift < 24; shift += 8) {
            assertThat(actual >> shift & 0xFF).isCloseTo(expected >> shift & 0xFF, Offset.offset(2));
        }
        Path twice = PlotExport.png(heatmap, dir.resolve("x2.png"), 2, pool).get(20, TimeUnit.SECONDS);
        assertThat(ImageIO.read(twice.toFile()).getWidth()).isEqualTo(2 * image.getWidth());
    }

    private HeatmapFrame show(FxRobot robot, Grid grid) {
        robot.interact(() -> heatmap.setGrid(grid));
        waitUntil(20, "the picture of " + grid, () -> heatmap.shownProperty().get() != null
                && heatmap.shownProperty().get().cells().source() == grid && !heatmap.busyProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        return heatmap.shownProperty().get();
    }

    /** The next picture after {@code before} that is what {@code wanted} says, once nothing more is being built. */
    private HeatmapFrame next(FxRobot robot, HeatmapFrame before, Predicate<HeatmapFrame> wanted) {
        waitUntil(20, "a new picture", () -> {
            HeatmapFrame now = heatmap.shownProperty().get();
            return now != null && now != before && !heatmap.busyProperty().get() && wanted.test(now);
        });
        WaitForAsyncUtils.waitForFxEvents();
        return heatmap.shownProperty().get();
    }

    static int imagePixel(ImageView picture, HeatmapFrame frame, int row, int col) {
        PixelReader image = picture.getImage().getPixelReader();
        return image.getArgb(col * frame.fit().cellWidth() + frame.fit().cellWidth() / 2,
                row * frame.fit().cellHeight() + frame.fit().cellHeight() / 2);
    }

    static Point2D centreOfCell(ImageView picture, HeatmapFrame frame, int row, int col) {
        double w = picture.getFitWidth() / frame.cells().cols();
        double h = picture.getFitHeight() / frame.cells().rows();
        return picture.localToScreen((col + 0.5) * w, (row + 0.5) * h);
    }
}
