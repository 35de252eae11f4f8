package dev.tensorlens.ui.plots;

import dev.tensorlens.tensor.image.ColorMap;
import dev.tensorlens.tensor.image.ColorScale;
import dev.tensorlens.tensor.image.Grid;
import dev.tensorlens.tensor.image.PooledGrid;
import javafx.application.Platform;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.HPos;
import javafx.geometry.Insets;
import javafx.geometry.VPos;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import javafx.stage.Window;

import java.nio.IntBuffer;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A heatmap of a {@link Grid}: one pixel block per cell, pooled (largest |x| per block, see {@link PooledGrid}) to
 * the pixels it has, with a {@link ColorBar} legend at the right and a one-line readout below that names the cell
 * under the mouse. It fills the size it is given.
 *
 * <p>Threads: pooling and colouring run on the {@code background} executor given to the constructor, never on the
 * FX thread: when the grid, the colour map or the size in pixels changes, a new picture is built there (the latest
 * request wins; an older one still running stops at its next cell row). The FX thread only copies the finished
 * pixels into the image's {@link PixelBuffer} ({@code updateBuffer}), or wraps them in a new one when the number
 * of cells changed.
 *
 * <p>The picture is pixel-exact: every cell covers the same whole number of device pixels ({@link CellFit}), and
 * the image is painted at that size and shown one image pixel per device pixel. (It is not left to the ImageView to
 * scale: in JavaFX 21 {@code ImageView.setSmooth(false)} does not reach the renderer, whose
 * {@code NGImageView.setSmooth} is empty, so an enlarged image is always filtered and its cells blur into each
 * other.)
 */
public final class Heatmap extends Region {

    static final double LEGEND_GAP = 8;

    /**
     * What the picture shows.
     *
     * @param cells  the pooled grid
     * @param scale  the colour scale (what the legend shows)
     * @param fit    how many device pixels each cell takes: the image is {@code fit.pixelWidth() × pixelHeight()}
     * @param hasNan whether the data holds NaN (the legend then shows the NaN colour)
     */
    public record Frame(PooledGrid cells, ColorScale scale, CellFit fit, boolean hasNan) {
    }

    private final Executor background;
    private final ImageView picture = new ImageView();
    private final ColorBar legend = new ColorBar();
    private final Label readoutLabel = new Label();

    private final ObjectProperty<Grid> grid = new SimpleObjectProperty<>(this, "grid");
    private final ObjectProperty<ColorMap> colorMap = new SimpleObjectProperty<>(this, "colorMap", ColorMap.DIVERGING);
    private final ReadOnlyObjectWrapper<Frame> shown = new ReadOnlyObjectWrapper<>(this, "shown");
    private final ReadOnlyObjectWrapper<PooledGrid.Cell> hoveredCell = new ReadOnlyObjectWrapper<>(this, "hoveredCell");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyStringWrapper readout = new ReadOnlyStringWrapper(this, "readout", "");

    /** The newest request; a build whose number is older is no longer wanted. */
    private final AtomicLong generation = new AtomicLong();
    private Request requested;
    private PixelBuffer<IntBuffer> pixels;
    private double lastMouseX = Double.NaN;
    private double lastMouseY = Double.NaN;

    /** What a build is asked for; a layout pass asks again only when one of these changed. */
    private record Request(Grid grid, ColorMap map, CellFit fit) {
    }

    /** @param background where pictures are built: any executor but the FX thread's */
    public Heatmap(Executor background) {
        this.background = background;
        getStyleClass().add("heatmap");
        picture.getStyleClass().add("heatmap-picture");
        picture.setSmooth(false);
        picture.setPreserveRatio(false);
        readoutLabel.getStyleClass().add("heatmap-readout");
        readoutLabel.textProperty().bind(readout.getReadOnlyProperty());
        readoutLabel.setMinWidth(0);
        getChildren().addAll(picture, legend, readoutLabel);

        // a new grid or map starts building at once, for the size the control has now, rather than at the next
        // layout pass (up to a frame later); the layout pass then finds it already requested
        grid.addListener((obs, old, now) -> {
            hoveredCell.set(null);
            requestForCurrentSize();
            requestLayout();
        });
        colorMap.addListener((obs, old, now) -> {
            requestForCurrentSize();
            requestLayout();
        });
        picture.addEventHandler(MouseEvent.MOUSE_MOVED, e -> pointAt(e.getX(), e.getY()));
        picture.addEventHandler(MouseEvent.MOUSE_EXITED, e -> pointAt(Double.NaN, Double.NaN));
        hoveredCell.addListener((obs, old, now) -> updateReadout());
        shown.addListener((obs, old, now) -> updateReadout());
    }

    /** The data shown; null or an empty grid shows nothing. */
    public ObjectProperty<Grid> gridProperty() {
        return grid;
    }

    public Grid getGrid() {
        return grid.get();
    }

    public void setGrid(Grid value) {
        grid.set(value);
    }

    /** The colours: {@link ColorMap#DIVERGING} (centred at 0) unless set. */
    public ObjectProperty<ColorMap> colorMapProperty() {
        return colorMap;
    }

    public void setColorMap(ColorMap value) {
        colorMap.set(value == null ? ColorMap.DIVERGING : value);
    }

    /** The picture on screen now, null while there is none; it changes on the FX thread when a new one is in. */
    public ReadOnlyObjectProperty<Frame> shownProperty() {
        return shown.getReadOnlyProperty();
    }

    /** The cell under the mouse (its value, where it came from, the block it stands for), null when none. */
    public ReadOnlyObjectProperty<PooledGrid.Cell> hoveredCellProperty() {
        return hoveredCell.getReadOnlyProperty();
    }

    /** Whether a picture is being built. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** The readout line: the hovered cell in words, else what the picture shows. */
    public ReadOnlyStringProperty readoutProperty() {
        return readout.getReadOnlyProperty();
    }

    /** The legend beside the picture. */
    public ColorBar legend() {
        return legend;
    }

    @Override
    protected void layoutChildren() {
        Insets in = getInsets();
        double left = in.getLeft();
        double top = in.getTop();
        double areaWidth = areaWidth();
        double areaHeight = areaHeight();
        CellFit fit = requestForCurrentSize();

        double pictureWidth = fit.pixelWidth() / renderScale(true);
        double pictureHeight = fit.pixelHeight() / renderScale(false);
        picture.setFitWidth(pictureWidth);
        picture.setFitHeight(pictureHeight);
        picture.relocate(snapPositionX(left), snapPositionY(top));
        double legendWidth = legend.prefWidth(-1);
        double legendHeight = Math.max(pictureHeight, Math.min(areaHeight, 160));
        layoutInArea(legend, left + areaWidth + LEGEND_GAP, top, legendWidth, legendHeight, 0, HPos.LEFT, VPos.TOP);
        layoutInArea(readoutLabel, left, top + Math.min(pictureHeight, areaHeight),
                Math.max(0, getWidth() - left - in.getRight()), readoutLabel.prefHeight(-1), 0, HPos.LEFT, VPos.CENTER);
    }

    /** Where the picture may go: all but the legend at the right and the readout line below. */
    private double areaWidth() {
        Insets in = getInsets();
        return Math.max(0, getWidth() - in.getLeft() - in.getRight() - LEGEND_GAP - legend.prefWidth(-1));
    }

    private double areaHeight() {
        Insets in = getInsets();
        return Math.max(0, getHeight() - in.getTop() - in.getBottom() - readoutLabel.prefHeight(-1));
    }

    /** Asks for the picture of the current grid and map at the current size (if not asked already); its fit. */
    private CellFit requestForCurrentSize() {
        Grid g = grid.get();
        CellFit fit = g == null ? CellFit.NONE : CellFit.of(g.rows(), g.cols(),
                (int) Math.floor(areaWidth() * renderScale(true)), (int) Math.floor(areaHeight() * renderScale(false)));
        request(new Request(g, colorMap.get(), fit));
        return fit;
    }

    private double renderScale(boolean x) {
        Window w = getScene() == null ? null : getScene().getWindow();
        if (w == null) {
            return 1;
        }
        double s = x ? w.getRenderScaleX() : w.getRenderScaleY();
        return s > 0 ? s : 1;
    }

    @Override
    protected double computePrefWidth(double height) {
        Insets in = getInsets();
        return in.getLeft() + 320 + LEGEND_GAP + legend.prefWidth(-1) + in.getRight();
    }

    @Override
    protected double computePrefHeight(double width) {
        Insets in = getInsets();
        return in.getTop() + 240 + readoutLabel.prefHeight(-1) + in.getBottom();
    }

    @Override
    protected double computeMinWidth(double height) {
        return getInsets().getLeft() + LEGEND_GAP + legend.minWidth(-1) + getInsets().getRight();
    }

    @Override
    protected double computeMinHeight(double width) {
        return getInsets().getTop() + readoutLabel.prefHeight(-1) + getInsets().getBottom();
    }

    /** Starts a build unless the same picture is already shown or on its way. FX thread. */
    private void request(Request r) {
        if (r.equals(requested)) {
            return;
        }
        requested = r;
        long number = generation.incrementAndGet();
        if (r.grid() == null || r.grid().isEmpty() || r.fit().equals(CellFit.NONE)) {
            show(null, null);
            return;
        }
        busy.set(true);
        try {
            background.execute(() -> build(number, r));
        } catch (RejectedExecutionException shutDown) {
            busy.set(false); // the window is closing
        }
    }

    /** Pools and colours on the background thread, then hands the pixels to the FX thread. */
    private void build(long number, Request r) {
        if (generation.get() != number) {
            return;
        }
        try {
            ColorScale scale = ColorScale.fitted(r.map(), r.grid().range());
            PooledGrid cells = PooledGrid.pool(r.grid(), r.fit().cellRows(), r.fit().cellCols(),
                    () -> generation.get() != number);
            int[] argb = new int[r.fit().pixelWidth() * r.fit().pixelHeight()];
            cells.paint(scale, argb, r.fit().cellWidth(), r.fit().cellHeight());
            Frame frame = new Frame(cells, scale, r.fit(), r.grid().range().nan() > 0);
            Platform.runLater(() -> {
                if (generation.get() == number) {
                    show(frame, argb);
                }
            });
        } catch (CancellationException replaced) {
            // a newer request is being built
        } catch (RuntimeException | OutOfMemoryError e) {
            Platform.runLater(() -> {
                if (generation.get() == number) {
                    show(null, null);
                    readout.set("Could not draw the heatmap: " + e);
                }
            });
        }
    }

    /** Puts a finished picture on screen (or clears it when {@code frame} is null). FX thread. */
    private void show(Frame frame, int[] argb) {
        busy.set(false);
        if (frame == null) {
            pixels = null;
            picture.setImage(null);
        } else {
            int w = frame.fit().pixelWidth();
            int h = frame.fit().pixelHeight();
            if (pixels != null && pixels.getWidth() == w && pixels.getHeight() == h) {
                pixels.updateBuffer(buffer -> {
                    buffer.getBuffer().put(0, argb);
                    return null; // all of it changed
                });
            } else {
                // the array was filled before any image used it, so it can back the new one as it is
                pixels = new PixelBuffer<>(w, h, IntBuffer.wrap(argb), PixelFormat.getIntArgbPreInstance());
                picture.setImage(new WritableImage(pixels));
            }
        }
        legend.show(frame == null ? null : frame.scale(), frame != null && frame.hasNan());
        shown.set(frame);
        pointAt(lastMouseX, lastMouseY);
    }

    /** Works out the cell under a point of the picture (NaN: none). */
    private void pointAt(double x, double y) {
        lastMouseX = x;
        lastMouseY = y;
        Frame frame = shown.get();
        double w = picture.getFitWidth();
        double h = picture.getFitHeight();
        if (frame == null || Double.isNaN(x) || x < 0 || y < 0 || x >= w || y >= h) {
            hoveredCell.set(null);
            return;
        }
        PooledGrid cells = frame.cells();
        int col = Math.min(cells.cols() - 1, (int) (x / w * cells.cols()));
        int row = Math.min(cells.rows() - 1, (int) (y / h * cells.rows()));
        PooledGrid.Cell next = cells.cell(row, col);
        if (!next.equals(hoveredCell.get())) {
            hoveredCell.set(next);
        }
    }

    private void updateReadout() {
        PooledGrid.Cell c = hoveredCell.get();
        Frame frame = shown.get();
        if (c != null) {
            readout.set(describe(c));
        } else if (frame != null) {
            Grid g = frame.cells().source();
            readout.set(String.format(Locale.ROOT, "%d × %d", g.rows(), g.cols())
                    + (frame.cells().rows() < g.rows() || frame.cells().cols() < g.cols()
                    ? String.format(Locale.ROOT, " shown as %d × %d cells, each the largest |x| of its block",
                    frame.cells().rows(), frame.cells().cols()) : ""));
        } else {
            readout.set("");
        }
    }

    /** "row 12, col 40: -0.0213", plus the block when the cell stands for more than one value. */
    static String describe(PooledGrid.Cell c) {
        String text = String.format(Locale.ROOT, "row %d, col %d: %s", c.sourceRow(), c.sourceCol(), value(c.value()));
        if (c.pooled()) {
            text += String.format(Locale.ROOT, "  (largest |x| of rows %d–%d, cols %d–%d)",
                    c.rowFrom(), c.rowTo() - 1, c.colFrom(), c.colTo() - 1);
        }
        return text;
    }

    /** A value with enough digits to tell weights apart: 6 significant. */
    static String value(float v) {
        if (Float.isNaN(v) || Float.isInfinite(v)) {
            return Float.toString(v);
        }
        return v == 0 ? "0" : String.format(Locale.ROOT, "%.6g", v);
    }
}
