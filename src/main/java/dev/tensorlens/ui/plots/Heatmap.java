package dev.tensorlens.ui.plots;

import dev.tensorlens.tensor.image.ColorMap;
import dev.tensorlens.tensor.image.ColorScale;
import dev.tensorlens.tensor.image.Grid;
import dev.tensorlens.tensor.image.PooledGrid;
import dev.tensorlens.tensor.image.Pyramid;
import dev.tensorlens.tensor.image.ValueRange;
import dev.tensorlens.tensor.image.Viewport;
import dev.tensorlens.ui.common.SceneStyles;
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
import javafx.scene.AccessibleRole;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import javafx.stage.Window;

import java.nio.IntBuffer;
import java.util.concurrent.Executor;

/**
 * A heatmap of a {@link Grid}: one pixel block per cell, pooled (largest |x| per block, see {@link PooledGrid}) to
 * the pixels it has, with a {@link ColorBar} legend at the right and a one-line readout below that names the cell
 * under the mouse. It fills the size it is given.
 *
 * <p>Zoom and pan, down to single cells, with the mouse and the keys ({@link HeatmapGestures}). What is shown is
 * {@link #viewportProperty()} (null: the whole grid), which a view or a test may also set. Zoomed out, a pixel pools a
 * block of cells; zoomed in, a cell is a square of whole pixels and the readout names that one cell.
 *
 * <p>The colours: {@link #colorMapProperty()} and {@link #clampProperty()} (null: fitted to the data; else the
 * scale ends there, and the legend marks that values lie beyond).
 *
 * <p>Threads: every step that reads cells runs off the FX thread ({@link HeatmapPictures}: the latest request wins,
 * a grid of a million cells or more gets a {@link Pyramid} after its first picture, so a zoom or pan pools only the
 * window's cells of the right level; a change of colours alone repaints the cells already pooled). The FX thread only
 * copies the finished pixels into the image's {@link PixelBuffer} ({@code updateBuffer}), or wraps them in a new one
 * when the picture's size changed.
 *
 * <p>The picture is pixel-exact: every cell covers the same whole number of device pixels ({@link CellFit}), and
 * the image is painted at that size and shown one image pixel per device pixel. (It is not left to the ImageView to
 * scale: in JavaFX 21 {@code ImageView.setSmooth(false)} does not reach the renderer, whose
 * {@code NGImageView.setSmooth} is empty, so an enlarged image is always filtered and its cells blur into each
 * other.)
 */
public final class Heatmap extends Region {

    static final double LEGEND_GAP = 8;
    /** Cells of at least this many pixels each way get an outline under the mouse. */
    static final int OUTLINED = 6;

    private final HeatmapPictures pictures;
    private final ImageView picture = new ImageView();
    private final ColorBar legend = new ColorBar();
    private final Label readoutLabel = new Label();
    /** Outlines the hovered cell when cells are large enough to see one. */
    private final HoverOutline hover = new HoverOutline();

    private final ObjectProperty<Grid> grid = new SimpleObjectProperty<>(this, "grid");
    private final ObjectProperty<ColorMap> colorMap = new SimpleObjectProperty<>(this, "colorMap", ColorMap.DIVERGING);
    private final ObjectProperty<ValueRange> clamp = new SimpleObjectProperty<>(this, "clamp");
    private final ObjectProperty<Viewport> viewport = new SimpleObjectProperty<>(this, "viewport");
    private final ReadOnlyObjectWrapper<HeatmapFrame> shown = new ReadOnlyObjectWrapper<>(this, "shown");
    private final ReadOnlyObjectWrapper<PooledGrid.Cell> hoveredCell = new ReadOnlyObjectWrapper<>(this, "hoveredCell");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyStringWrapper readout = new ReadOnlyStringWrapper(this, "readout", "");

    private HeatmapPictures.Request requested;
    private PixelBuffer<IntBuffer> pixels;
    private long lastFxNanos;
    private double lastMouseX = Double.NaN;
    private double lastMouseY = Double.NaN;
    private PooledGrid hoveredIn; // the cells the hovered cell came from: new cells make it another cell

    /** @param background where pictures are built: any executor but the FX thread's */
    public Heatmap(Executor background) {
        this.pictures = new HeatmapPictures(background, new HeatmapPictures.Sink() {
            @Override
            public void show(HeatmapFrame frame, int[] argb, long number) {
                Heatmap.this.show(frame, argb, number);
            }

            @Override
            public void failed(long number, Throwable error) {
                Heatmap.this.show(null, null, number);
                readout.set("Could not draw the heatmap: " + error);
            }
        }, shown::get);
        getStyleClass().add("heatmap");
        SceneStyles.use(this, PlotStyles.STYLESHEET);
        setFocusTraversable(true);
        setAccessibleRole(AccessibleRole.IMAGE_VIEW);
        accessibleTextProperty().bind(readout);
        setAccessibleHelp("Heatmap. Plus and minus zoom, the arrow keys pan, 0 shows the whole grid;"
                + " the mouse wheel zooms around the pointer and dragging pans.");
        picture.getStyleClass().add("heatmap-picture");
        picture.setSmooth(false);
        picture.setPreserveRatio(false);
        // an ImageView is only hit where its pixels are opaque: the gaps between filter tiles are transparent, and
        // the mouse over them must still be over the picture
        picture.setPickOnBounds(true);
        readoutLabel.getStyleClass().add("heatmap-readout");
        readoutLabel.textProperty().bind(readout.getReadOnlyProperty());
        readoutLabel.setMinWidth(0);
        getChildren().add(picture);
        getChildren().addAll(hover.nodes());
        getChildren().addAll(legend, readoutLabel);

        // a new grid, map, clamp or window starts building at once, for the size the control has now, rather than
        // at the next layout pass (up to a frame later); the layout pass then finds it already requested
        grid.addListener((obs, old, now) -> {
            pictures.gridShown(now);
            hoveredCell.set(null);
            Viewport v = viewport.get();
            boolean sameShape = old != null && now != null && old.rows() == now.rows() && old.cols() == now.cols();
            if (v != null && !sameShape && (now == null || v.rowEnd() > now.rows() || v.colEnd() > now.cols())) {
                viewport.set(null); // another shape: start from the whole grid (the same shape keeps its window)
            }
            requestForCurrentSize();
            requestLayout();
        });
        colorMap.addListener((obs, old, now) -> requestForCurrentSize());
        clamp.addListener((obs, old, now) -> requestForCurrentSize());
        viewport.addListener((obs, old, now) -> {
            requestForCurrentSize();
            requestLayout();
        });
        picture.addEventHandler(MouseEvent.MOUSE_MOVED, e -> pointAt(e.getX(), e.getY()));
        picture.addEventHandler(MouseEvent.MOUSE_EXITED, e -> pointAt(Double.NaN, Double.NaN));
        HeatmapGestures.attach(this, picture);
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

    /**
     * Where the colour scale ends: null (the default) fits it to the data (symmetric around 0 on a diverging map);
     * a range ({@link ValueRange#span}) ends it at its min and max, values beyond drawn in the end colours. On a
     * diverging map 0 stays the middle colour (see {@link ColorScale#clamped}).
     */
    public ObjectProperty<ValueRange> clampProperty() {
        return clamp;
    }

    /**
     * The window of the grid shown: null (the default) for all of it. Set by zooming and panning; a window that
     * reaches beyond the grid is moved inside it. A new grid of another shape starts from the whole grid again; one
     * of the same shape (the next checkpoint of a layer) keeps the window.
     */
    public ObjectProperty<Viewport> viewportProperty() {
        return viewport;
    }

    /** Shows the whole grid again. */
    public void resetView() {
        viewport.set(null);
    }

    /** The picture on screen now, null while there is none; it changes on the FX thread when a new one is in. */
    public ReadOnlyObjectProperty<HeatmapFrame> shownProperty() {
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

    /** How long the FX thread spent putting the last picture on screen (copying its pixels), in nanoseconds. */
    public long lastFxNanos() {
        return lastFxNanos;
    }

    /**
     * Zooms by {@code factor} (above 1: in) keeping the grid point under picture point {@code (x, y)} in place. The
     * point is read against the window asked for last, not the picture on screen, so steps that come faster than
     * pictures (a flick of the wheel) add up as they should.
     */
    public void zoom(double factor, double x, double y) {
        Grid g = grid.get();
        int areaW = areaPixels(true);
        int areaH = areaPixels(false);
        if (g == null || g.isEmpty() || areaW <= 0 || areaH <= 0) {
            return;
        }
        Viewport now = effectiveViewport(g);
        Viewport v = HeatmapZoom.zoomed(g, now, areaW, areaH, factor, x * renderScale(true), y * renderScale(false));
        if (v == now) {
            return; // as far in or out as it goes
        }
        viewport.set(v.coversAll(g.rows(), g.cols()) ? null : v);
    }

    /** Moves the window by whole cells, stopping at the grid's edges. */
    public void pan(int dRows, int dCols) {
        Grid g = grid.get();
        Viewport v = viewport.get();
        if (g != null && v != null) {
            viewport.set(v.panned(dRows, dCols, g.rows(), g.cols()));
        }
    }

    /** The window shown of {@code g}: the one asked for, moved inside the grid, or all of it. */
    Viewport effectiveViewport(Grid g) {
        Viewport v = viewport.get();
        return v == null ? Viewport.all(g.rows(), g.cols()) : v.clampedTo(g.rows(), g.cols());
    }

    @Override
    protected void layoutChildren() {
        Insets in = getInsets();
        double left = in.getLeft();
        double top = in.getTop();
        double areaWidth = areaWidth();
        double areaHeight = areaHeight();
        requestForCurrentSize();
        // the picture takes the size of the image it shows: the one asked for may still be on its way, and the
        // shown one stretched to it would blur
        HeatmapFrame frame = shown.get();
        CellFit fit = frame == null ? CellFit.NONE : frame.fit();
        double pictureWidth = fit.pixelWidth() / renderScale(true);
        double pictureHeight = fit.pixelHeight() / renderScale(false);
        boolean resized = pictureWidth != picture.getFitWidth() || pictureHeight != picture.getFitHeight();
        picture.setFitWidth(pictureWidth);
        picture.setFitHeight(pictureHeight);
        picture.relocate(snapPositionX(left), snapPositionY(top));
        double legendWidth = legend.prefWidth(-1);
        double legendHeight = Math.max(pictureHeight, Math.min(areaHeight, 160));
        // beside the picture (a square picture of filter tiles may leave the area's right part empty)
        double legendX = left + (frame == null ? areaWidth : Math.min(areaWidth, pictureWidth)) + LEGEND_GAP;
        layoutInArea(legend, legendX, top, legendWidth, legendHeight, 0, HPos.LEFT, VPos.TOP);
        layoutInArea(readoutLabel, left, top + Math.min(pictureHeight, areaHeight),
                Math.max(0, getWidth() - left - in.getRight()), readoutLabel.prefHeight(-1), 0, HPos.LEFT, VPos.CENTER);
        if (resized) {
            pointAt(lastMouseX, lastMouseY);
        }
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

    private int areaPixels(boolean across) {
        return (int) Math.floor((across ? areaWidth() : areaHeight()) * renderScale(across));
    }

    /** Asks for the picture of the current grid, colours and window at the current size (if not asked already). */
    private CellFit requestForCurrentSize() {
        Grid g = grid.get();
        Viewport window = g == null || g.isEmpty() ? null : effectiveViewport(g);
        CellFit fit = window == null ? CellFit.NONE : HeatmapZoom.fit(g, window, areaPixels(true), areaPixels(false));
        request(new HeatmapPictures.Request(g, colorMap.get(), clamp.get(), window, fit));
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
    private void request(HeatmapPictures.Request r) {
        if (r.equals(requested)) {
            return;
        }
        requested = r;
        long number = pictures.next();
        if (r.grid() == null || r.grid().isEmpty() || r.fit().equals(CellFit.NONE)) {
            show(null, null, number);
            return;
        }
        busy.set(true);
        if (!pictures.start(number, r)) {
            busy.set(false); // the window is closing
        }
    }

    /** How long the last pyramid took to build, in nanoseconds (0 before the first): for benchmarks. */
    public long lastPyramidNanos() {
        return pictures.lastPyramidNanos();
    }

    /** Whether the pyramid of the grid shown is built (always false for grids too small to need one). */
    public boolean pyramidBuilt() {
        return pictures.pyramidBuilt();
    }

    /** Puts a finished picture on screen (or clears it when {@code frame} is null). FX thread. */
    private void show(HeatmapFrame frame, int[] argb, long number) {
        long start = System.nanoTime();
        if (pictures.isLatest(number) && (frame == null || !frame.provisional())) {
            busy.set(false);
        }
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
            if (frame.fit().pixelWidth() / renderScale(true) != picture.getFitWidth()
                    || frame.fit().pixelHeight() / renderScale(false) != picture.getFitHeight()) {
                requestLayout(); // the picture takes the new image's size in the layout pass
            }
        }
        legend.show(frame == null ? null : frame.scale(), frame != null && frame.hasNan(),
                frame != null && frame.scale().cutsLow(frame.range()), frame != null && frame.scale().cutsHigh(frame.range()));
        shown.set(frame);
        lastFxNanos = System.nanoTime() - start;
        pointAt(lastMouseX, lastMouseY);
    }

    /** Works out the cell under a point of the picture (NaN: none). */
    private void pointAt(double x, double y) {
        lastMouseX = x;
        lastMouseY = y;
        HeatmapFrame frame = shown.get();
        double w = frame == null ? 0 : frame.fit().pixelWidth() / renderScale(true);
        double h = frame == null ? 0 : frame.fit().pixelHeight() / renderScale(false);
        if (frame == null || Double.isNaN(x) || x < 0 || y < 0 || x >= w || y >= h) {
            hoveredCell.set(null);
            outline(null, 0, 0);
            return;
        }
        PooledGrid cells = frame.cells();
        int col = Math.min(cells.cols() - 1, (int) (x / w * cells.cols()));
        int row = Math.min(cells.rows() - 1, (int) (y / h * cells.rows()));
        outline(frame, row, col);
        PooledGrid.Cell current = hoveredCell.get();
        if (current != null && current.row() == row && current.col() == col && cells == hoveredIn) {
            return;
        }
        hoveredIn = cells;
        hoveredCell.set(cells.cell(row, col));
    }

    /** Outlines cell {@code (row, col)} of the picture, when cells are at least {@link #OUTLINED} pixels. */
    private void outline(HeatmapFrame frame, int row, int col) {
        if (frame == null || frame.fit().cellWidth() < OUTLINED || frame.fit().cellHeight() < OUTLINED) {
            hover.hide();
            return;
        }
        double cw = frame.fit().cellWidth() / renderScale(true);
        double ch = frame.fit().cellHeight() / renderScale(false);
        hover.show(picture.getLayoutX() + col * cw, picture.getLayoutY() + row * ch, cw, ch);
    }

    private void updateReadout() {
        PooledGrid.Cell c = hoveredCell.get();
        HeatmapFrame frame = shown.get();
        if (c != null && frame != null) {
            readout.set(HeatmapText.describe(frame.cells().source(), c));
        } else if (frame != null) {
            readout.set(HeatmapText.summary(frame));
        } else {
            readout.set("");
        }
    }
}
