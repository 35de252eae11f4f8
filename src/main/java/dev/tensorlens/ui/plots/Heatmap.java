package dev.tensorlens.ui.plots;

import dev.tensorlens.tensor.image.ColorMap;
import dev.tensorlens.tensor.image.ColorScale;
import dev.tensorlens.tensor.image.Grid;
import dev.tensorlens.tensor.image.PooledGrid;
import dev.tensorlens.tensor.image.Pyramid;
import dev.tensorlens.tensor.image.ValueRange;
import dev.tensorlens.tensor.image.Viewport;
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
import javafx.geometry.Point2D;
import javafx.geometry.VPos;
import javafx.scene.AccessibleRole;
import javafx.scene.Cursor;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;
import javafx.scene.shape.Rectangle;
import javafx.scene.shape.StrokeType;
import javafx.stage.Window;

import java.nio.IntBuffer;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * A heatmap of a {@link Grid}: one pixel block per cell, pooled (largest |x| per block, see {@link PooledGrid}) to
 * the pixels it has, with a {@link ColorBar} legend at the right and a one-line readout below that names the cell
 * under the mouse. It fills the size it is given.
 *
 * <p>Zoom and pan, down to single cells: the mouse wheel and the {@code +} / {@code -} keys zoom around the pointer
 * (the keys around the middle), dragging and the arrow keys pan, a double click or {@code 0} shows the whole grid
 * again. What is shown is {@link #viewportProperty()} (null: the whole grid), which a view or a test may also set.
 * Zoomed out, a pixel pools a block of cells; zoomed in, a cell is a square of whole pixels and the readout names
 * that one cell.
 *
 * <p>The colours: {@link #colorMapProperty()} and {@link #clampProperty()} (null: fitted to the data; else the
 * scale ends there, and the legend marks that values lie beyond).
 *
 * <p>Threads: every step that reads cells runs on the {@code background} executor given to the constructor, never
 * on the FX thread, and the latest request wins (an older build still running stops at its next row of cells). For a
 * grid of a million cells or more, a {@link Pyramid} is built right after its first picture (once per grid, kept
 * while the grid is shown), so a zoom or pan pools only the window's cells of the right level: a few milliseconds,
 * not a pass over the whole grid. A change of colours alone repaints the cells already pooled. The FX thread only copies the finished
 * pixels into the image's {@link PixelBuffer} ({@code updateBuffer}), or wraps them in a new one when the picture's
 * size changed.
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
    /** How much one wheel notch or one {@code +} zooms; whole pixels per cell once a cell is a pixel or more. */
    static final double ZOOM_STEP = 1.25;
    /**
     * Cells to read above which a window gets a quick picture first (see {@link PooledGrid.Fineness}): about 6 ms
     * of pooling on this project's 2-vCPU machines.
     */
    static final long QUICK_ABOVE = 4_000_000;
    /** Wheel movement (in pixels of scroll) that makes one zoom step: a notch is 40 on most systems. */
    static final double WHEEL_NOTCH = 40;

    /**
     * What the picture shows.
     *
     * @param cells    the pooled cells of the window (their blocks in grid cells)
     * @param scale    the colour scale (what the legend shows)
     * @param fit      how many device pixels each cell takes: the image is {@code fit.pixelWidth() × pixelHeight()}
     * @param hasNan   whether the data holds NaN (the legend then shows the NaN colour)
     * @param viewport the window of the grid asked for (the cells' blocks may reach a little beyond it)
     * @param range    the range of the whole grid's values
     * @param times       how long the background steps took
     * @param provisional whether this is a quick picture of a zoom or drag in progress, pooled from a coarser level
     *                    ({@link PooledGrid.Fineness#QUICK}); the exact one follows unless the window moves on
     */
    public record Frame(PooledGrid cells, ColorScale scale, CellFit fit, boolean hasNan, Viewport viewport,
                        ValueRange range, BuildTimes times, boolean provisional) {

        /** Whether the window is a part of the grid, not all of it. */
        public boolean zoomed() {
            Grid g = cells.source();
            return !viewport.coversAll(g.rows(), g.cols());
        }
    }

    /**
     * Nanoseconds spent off the FX thread on one picture: the range pass is ~0 when it was done before (it is kept
     * per grid), pooling is 0 when only the colours changed. (A pyramid is built after the first picture of a grid,
     * not for it: {@link #lastPyramidNanos()}.)
     */
    public record BuildTimes(long rangeNanos, long poolNanos, long paintNanos) {
        public long totalNanos() {
            return rangeNanos + poolNanos + paintNanos;
        }
    }

    private final Executor background;
    private final ImageView picture = new ImageView();
    private final ColorBar legend = new ColorBar();
    private final Label readoutLabel = new Label();
    /** Outlines the hovered cell when cells are large enough to see one: dark outside, light inside. */
    private final Rectangle hoverOuter = new Rectangle();
    private final Rectangle hoverInner = new Rectangle();

    private final ObjectProperty<Grid> grid = new SimpleObjectProperty<>(this, "grid");
    private final ObjectProperty<ColorMap> colorMap = new SimpleObjectProperty<>(this, "colorMap", ColorMap.DIVERGING);
    private final ObjectProperty<ValueRange> clamp = new SimpleObjectProperty<>(this, "clamp");
    private final ObjectProperty<Viewport> viewport = new SimpleObjectProperty<>(this, "viewport");
    private final ReadOnlyObjectWrapper<Frame> shown = new ReadOnlyObjectWrapper<>(this, "shown");
    private final ReadOnlyObjectWrapper<PooledGrid.Cell> hoveredCell = new ReadOnlyObjectWrapper<>(this, "hoveredCell");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyStringWrapper readout = new ReadOnlyStringWrapper(this, "readout", "");

    /** The newest request; a build whose number is older is no longer wanted. */
    private final AtomicLong generation = new AtomicLong();
    /** The grid shown now, for builds to tell whether their pyramid is still wanted. */
    private volatile Grid currentGrid;
    /** The pyramid of {@link #currentGrid}, built by the first build that needs it. */
    private volatile PyramidSlot pyramidSlot = new PyramidSlot(null);
    /** The cells pooled last and the window they were pooled for, so a change of colours alone does not pool again. */
    private volatile Pooled lastPooled;
    private Request requested;
    private PixelBuffer<IntBuffer> pixels;
    private long lastFxNanos;
    private volatile long lastPyramidNanos;
    private double lastMouseX = Double.NaN;
    private double lastMouseY = Double.NaN;
    private double wheel;
    private double pressX;
    private double pressY;
    private Viewport pressViewport;

    /** What a build is asked for; a layout pass asks again only when one of these changed. */
    private record Request(Grid grid, ColorMap map, ValueRange clamp, Viewport window, CellFit fit) {
    }

    private record Pooled(PooledGrid cells, Viewport window) {
    }

    /** @param background where pictures are built: any executor but the FX thread's */
    public Heatmap(Executor background) {
        this.background = background;
        getStyleClass().add("heatmap");
        getStylesheets().add(PlotStyles.CSS);
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
        for (Rectangle r : new Rectangle[] {hoverOuter, hoverInner}) {
            r.setManaged(false);
            r.setMouseTransparent(true);
            r.setVisible(false);
            r.setFill(null);
            r.setStrokeType(StrokeType.INSIDE);
        }
        hoverOuter.getStyleClass().add("heatmap-hover-outer");
        hoverInner.getStyleClass().add("heatmap-hover-inner");
        getChildren().addAll(picture, hoverOuter, hoverInner, legend, readoutLabel);

        // a new grid, map, clamp or window starts building at once, for the size the control has now, rather than
        // at the next layout pass (up to a frame later); the layout pass then finds it already requested
        grid.addListener((obs, old, now) -> {
            currentGrid = now;
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
        picture.addEventHandler(MouseEvent.MOUSE_PRESSED, this::pressed);
        picture.addEventHandler(MouseEvent.MOUSE_DRAGGED, this::dragged);
        picture.addEventHandler(MouseEvent.MOUSE_RELEASED, e -> {
            pressViewport = null;
            picture.setCursor(null);
        });
        picture.addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2) {
                resetView();
            }
        });
        addEventHandler(ScrollEvent.SCROLL, this::scrolled);
        addEventHandler(KeyEvent.KEY_PRESSED, this::keyPressed);
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
        CellFit nowFit = fit(g, now, areaW, areaH);
        double scale = now.pixelsPerCell(areaW, areaH);
        double next = Math.min(Viewport.nextScale(scale, factor), Math.min(areaW, areaH));
        if (next == scale) {
            return;
        }
        double atY = Math.max(0, Math.min(y * renderScale(false), nowFit.pixelHeight() - 1e-6));
        double atX = Math.max(0, Math.min(x * renderScale(true), nowFit.pixelWidth() - 1e-6));
        double atRow = now.row() + cellsAt(atY, nowFit.cellHeight(), nowFit.cellRows(), now.rows());
        double atCol = now.col() + cellsAt(atX, nowFit.cellWidth(), nowFit.cellCols(), now.cols());
        Viewport v = Viewport.zoomedAt(next, atRow, atCol, atY, atX, areaW, areaH, g.rows(), g.cols());
        // the cells come out a little larger than the scale asked when the area is not a multiple of it: anchor the
        // window with the pixels they will really have, so the cell under the pointer stays under it
        CellFit fit = fit(g, v, areaW, areaH);
        v = v.anchoredAt(atRow, atCol, atY, atX, fit.pixelHeight() / (double) v.rows(),
                fit.pixelWidth() / (double) v.cols(), g.rows(), g.cols());
        viewport.set(v.coversAll(g.rows(), g.cols()) ? null : v);
    }

    /**
     * How a window fits the area: square cells for a grid with gaps (filter tiles keep their shape), else filling
     * the area as {@link CellFit#of} does.
     */
    static CellFit fit(Grid g, Viewport window, int areaWidth, int areaHeight) {
        return g.hasGaps() ? CellFit.square(window.rows(), window.cols(), areaWidth, areaHeight)
                : CellFit.of(window.rows(), window.cols(), areaWidth, areaHeight);
    }

    /**
     * How many grid cells from the window's edge pixel {@code p} lies, for a window of {@code size} cells drawn as
     * {@code n} cells of {@code cellPixels} each (blocks of {@code size / n} cells when pooled).
     */
    private static double cellsAt(double p, int cellPixels, int n, int size) {
        double t = Math.max(0, Math.min(p / cellPixels, n - 1e-9));
        int i = (int) t;
        long from = (long) i * size / n;
        long to = (long) (i + 1) * size / n;
        return from + (t - i) * (to - from);
    }

    /** Moves the window by whole cells, stopping at the grid's edges. */
    public void pan(int dRows, int dCols) {
        Grid g = grid.get();
        Viewport v = viewport.get();
        if (g != null && v != null) {
            viewport.set(v.panned(dRows, dCols, g.rows(), g.cols()));
        }
    }

    private Viewport effectiveViewport(Grid g) {
        Viewport v = viewport.get();
        return v == null ? Viewport.all(g.rows(), g.cols()) : v.clampedTo(g.rows(), g.cols());
    }

    /**
     * A mouse wheel zooms one step per event (a notch), whatever its delta (40 pixels on Windows and GTK, 1 under
     * Monocle); a touchpad's scroll gesture (touch points, or its inertia) sends many small deltas, which add up to a
     * step per {@link #WHEEL_NOTCH} pixels. Turned away from the user (positive deltaY) zooms in.
     */
    private void scrolled(ScrollEvent e) {
        if (e.getDeltaY() == 0 || shown.get() == null) {
            return;
        }
        double steps;
        if (e.getTouchCount() == 0 && !e.isInertia()) {
            steps = Math.signum(e.getDeltaY());
        } else {
            wheel += e.getDeltaY();
            steps = wheel / WHEEL_NOTCH;
            if (Math.abs(steps) < 0.5) {
                e.consume();
                return;
            }
        }
        wheel = 0;
        Point2D p = picture.sceneToLocal(e.getSceneX(), e.getSceneY());
        zoom(Math.pow(ZOOM_STEP, Math.max(-4, Math.min(4, Math.round(steps)))), clampX(p.getX()), clampY(p.getY()));
        e.consume();
    }

    private double clampX(double x) {
        return Math.max(0, Math.min(x, picture.getFitWidth() - 1e-6));
    }

    private double clampY(double y) {
        return Math.max(0, Math.min(y, picture.getFitHeight() - 1e-6));
    }

    private void keyPressed(KeyEvent e) {
        Grid g = grid.get();
        if (g == null || shown.get() == null) {
            return;
        }
        Viewport v = effectiveViewport(g);
        int rowStep = Math.max(1, v.rows() / 8);
        int colStep = Math.max(1, v.cols() / 8);
        double cx = picture.getFitWidth() / 2;
        double cy = picture.getFitHeight() / 2;
        switch (e.getCode()) {
            case PLUS, ADD, EQUALS -> zoom(ZOOM_STEP, cx, cy);
            case MINUS, SUBTRACT -> zoom(1 / ZOOM_STEP, cx, cy);
            case DIGIT0, NUMPAD0 -> resetView();
            case LEFT -> pan(0, -colStep);
            case RIGHT -> pan(0, colStep);
            case UP -> pan(-rowStep, 0);
            case DOWN -> pan(rowStep, 0);
            default -> {
                return;
            }
        }
        e.consume();
    }

    private void pressed(MouseEvent e) {
        requestFocus();
        if (e.getButton() == MouseButton.PRIMARY) {
            pressX = e.getX();
            pressY = e.getY();
            pressViewport = viewport.get();
        }
    }

    /** Drags the grid along with the mouse, in whole cells from where the drag began. */
    private void dragged(MouseEvent e) {
        Grid g = grid.get();
        Frame f = shown.get();
        if (pressViewport == null || g == null || f == null) {
            return;
        }
        picture.setCursor(Cursor.CLOSED_HAND);
        double cellW = picture.getFitWidth() / pressViewport.cols();
        double cellH = picture.getFitHeight() / pressViewport.rows();
        int dCols = (int) Math.round(-(e.getX() - pressX) / cellW);
        int dRows = (int) Math.round(-(e.getY() - pressY) / cellH);
        viewport.set(pressViewport.panned(dRows, dCols, g.rows(), g.cols()));
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
        Frame frame = shown.get();
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
        CellFit fit = window == null ? CellFit.NONE : fit(g, window, areaPixels(true), areaPixels(false));
        request(new Request(g, colorMap.get(), clamp.get(), window, fit));
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
            show(null, null, number);
            return;
        }
        busy.set(true);
        try {
            background.execute(() -> build(number, r));
        } catch (RejectedExecutionException shutDown) {
            busy.set(false); // the window is closing
        }
    }

    /**
     * Pools and colours on the background thread, then hands the pixels to the FX thread. The first picture of a
     * large grid is pooled from its own cells; its pyramid is built after that picture is handed over (in the same
     * task), so the first picture does not wait for it and the zooms after it find it ready.
     */
    private void build(long number, Request r) {
        if (generation.get() != number) {
            return;
        }
        try {
            long t0 = System.nanoTime();
            ValueRange range = r.grid().range();
            long t1 = System.nanoTime();
            Pyramid pyramid = pyramidIfBuilt(r.grid());
            Pooled last = lastPooled;
            boolean same = last != null && last.cells().source() == r.grid() && r.window().equals(last.window())
                    && last.cells().rows() == r.fit().cellRows() && last.cells().cols() == r.fit().cellCols();
            if (same) {
                post(number, r, last.cells(), range, t0, t1, true, false);
            } else {
                pool(number, r, pyramid, range, t0, t1);
            }
        } catch (CancellationException replaced) {
            // a newer request is being built
        } catch (RuntimeException | OutOfMemoryError e) {
            Platform.runLater(() -> {
                if (generation.get() == number) {
                    show(null, null, number);
                    readout.set("Could not draw the heatmap: " + e);
                }
            });
            return;
        }
        try {
            buildPyramid(r.grid());
        } catch (CancellationException gridGone) {
            // another grid is shown: its own pyramid will be built
        } catch (RuntimeException | OutOfMemoryError e) {
            // zooming still works, pooling the window from the grid's own cells each time
        }
    }

    /** Pools the window (a quick picture first when the exact one reads many cells) and posts the picture. */
    private void pool(long number, Request r, Pyramid pyramid, ValueRange range, long t0, long t1) {
        // when the exact picture reads many cells (a window of 2 to 4 grid cells a pixel, pooled from the
        // grid's own), a quick one from the next level comes first, and the exact one follows unless the user
        // has moved on
        int exact = PooledGrid.level(r.grid(), pyramid, r.window(), r.fit().cellRows(), r.fit().cellCols(),
                PooledGrid.Fineness.EXACT);
        int quick = PooledGrid.level(r.grid(), pyramid, r.window(), r.fit().cellRows(), r.fit().cellCols(),
                PooledGrid.Fineness.QUICK);
        if (quick > exact && PooledGrid.cellsRead(r.grid(), pyramid, r.window(), exact) > QUICK_ABOVE) {
            PooledGrid cells = PooledGrid.pool(r.grid(), pyramid, r.window(), r.fit().cellRows(),
                    r.fit().cellCols(), PooledGrid.Fineness.QUICK, () -> generation.get() != number);
            post(number, r, cells, range, t0, t1, false, true);
            t0 = System.nanoTime();
            t1 = t0;
        }
        PooledGrid cells = PooledGrid.pool(r.grid(), pyramid, r.window(), r.fit().cellRows(), r.fit().cellCols(),
                () -> generation.get() != number);
        lastPooled = new Pooled(cells, r.window());
        post(number, r, cells, range, t0, t1, false, false);
    }

    /** Colours the cells and hands them to the FX thread; a provisional picture leaves the heatmap busy. */
    private void post(long number, Request r, PooledGrid cells, ValueRange range, long t0, long t1, boolean repaint,
                      boolean provisional) {
        long t2 = System.nanoTime();
        // a pooled level may give fewer cells than asked (never more): the picture follows the cells
        CellFit fit = new CellFit(cells.rows(), cells.cols(), r.fit().cellHeight(), r.fit().cellWidth());
        ColorScale scale = ColorScale.clamped(r.map(), range, r.clamp());
        int[] argb = new int[fit.pixelWidth() * fit.pixelHeight()];
        cells.paint(scale, argb, fit.cellWidth(), fit.cellHeight());
        long t3 = System.nanoTime();
        Frame frame = new Frame(cells, scale, fit, range.nan() > 0, r.window(), range,
                new BuildTimes(t1 - t0, repaint ? 0 : t2 - t1, t3 - t2), provisional);
        Platform.runLater(() -> {
            if (generation.get() == number) {
                show(frame, argb, number);
            }
        });
    }

    /** The pyramid of {@code g} if it is built already, else null (the window is then pooled from the cells). */
    private Pyramid pyramidIfBuilt(Grid g) {
        PyramidSlot slot = pyramidSlot;
        return slot.grid == g ? slot.built() : null;
    }

    /** Builds the pyramid of {@code g} when it is worth one and not built yet. Background thread. */
    private void buildPyramid(Grid g) {
        if (!Pyramid.worthBuilding(g) || currentGrid != g) {
            return;
        }
        PyramidSlot slot;
        synchronized (this) {
            slot = pyramidSlot;
            if (slot.grid != g) {
                slot = new PyramidSlot(g);
                pyramidSlot = slot; // the old grid's pyramid goes with it
            }
        }
        long t0 = System.nanoTime();
        if (slot.build(() -> currentGrid != g)) {
            lastPyramidNanos = System.nanoTime() - t0;
            if (WINDOW_KERNEL_WARM.compareAndSet(false, true)) {
                // once per JVM, while the user looks at the first picture: pool a picture from the pyramid and throw
                // it away, so the first zoom of the session does not run the window kernel in the interpreter
                // (HeatmapBench: its first step took 170–190 ms, the steps after it a few)
                Frame f = shown.get();
                CellFit fit = f == null ? new CellFit(256, 256, 1, 1) : f.fit();
                PooledGrid.pool(g, slot.built(), Viewport.all(g.rows(), g.cols()), fit.cellRows(), fit.cellCols(),
                        PooledGrid.Fineness.QUICK, () -> currentGrid != g);
            }
        }
    }

    /** Whether the kernel that pools a window from a pyramid level has run once in this JVM (see buildPyramid). */
    private static final AtomicBoolean WINDOW_KERNEL_WARM = new AtomicBoolean();

    /** One grid's pyramid, built at most once; a build stops when the grid is no longer shown. */
    private static final class PyramidSlot {
        final Grid grid;
        private volatile Pyramid pyramid;

        PyramidSlot(Grid grid) {
            this.grid = grid;
        }

        Pyramid built() {
            return pyramid;
        }

        /** Builds it unless built; whether this call built it. */
        synchronized boolean build(BooleanSupplier gridGone) {
            if (pyramid != null) {
                return false;
            }
            pyramid = Pyramid.build(grid, gridGone);
            return true;
        }
    }

    /** How long the last pyramid took to build, in nanoseconds (0 before the first): for benchmarks. */
    public long lastPyramidNanos() {
        return lastPyramidNanos;
    }

    /** Whether the pyramid of the grid shown is built (always false for grids too small to need one). */
    public boolean pyramidBuilt() {
        Grid g = currentGrid;
        return g != null && pyramidIfBuilt(g) != null;
    }

    /** Puts a finished picture on screen (or clears it when {@code frame} is null). FX thread. */
    private void show(Frame frame, int[] argb, long number) {
        long start = System.nanoTime();
        if (generation.get() == number && (frame == null || !frame.provisional())) {
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
        Frame frame = shown.get();
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

    private PooledGrid hoveredIn;

    /** Outlines cell {@code (row, col)} of the picture, when cells are at least {@link #OUTLINED} pixels. */
    private void outline(Frame frame, int row, int col) {
        boolean show = frame != null && frame.fit().cellWidth() >= OUTLINED && frame.fit().cellHeight() >= OUTLINED;
        hoverOuter.setVisible(show);
        hoverInner.setVisible(show);
        if (!show) {
            return;
        }
        double cw = frame.fit().cellWidth() / renderScale(true);
        double ch = frame.fit().cellHeight() / renderScale(false);
        double x0 = picture.getLayoutX() + col * cw;
        double y0 = picture.getLayoutY() + row * ch;
        hoverOuter.setX(x0);
        hoverOuter.setY(y0);
        hoverOuter.setWidth(cw);
        hoverOuter.setHeight(ch);
        hoverInner.setX(x0 + 1);
        hoverInner.setY(y0 + 1);
        hoverInner.setWidth(Math.max(0, cw - 2));
        hoverInner.setHeight(Math.max(0, ch - 2));
    }

    private void updateReadout() {
        PooledGrid.Cell c = hoveredCell.get();
        Frame frame = shown.get();
        if (c != null && frame != null) {
            readout.set(describe(frame.cells().source(), c));
        } else if (frame != null) {
            readout.set(summary(frame));
        } else {
            readout.set("");
        }
    }

    /** "4096 × 4096, rows 100–355, cols 40–295 shown as 256 × 256 cells, …" */
    static String summary(Frame frame) {
        Grid g = frame.cells().source();
        PooledGrid cells = frame.cells();
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%d × %d", g.rows(), g.cols()));
        Viewport v = frame.viewport();
        if (frame.zoomed()) {
            b.append(String.format(Locale.ROOT, ", rows %d–%d, cols %d–%d", v.row(), v.rowEnd() - 1, v.col(),
                    v.colEnd() - 1));
        }
        if (cells.rows() < v.rows() || cells.cols() < v.cols()) {
            b.append(String.format(Locale.ROOT, " shown as %d × %d cells, each the largest |x| of its block",
                    cells.rows(), cells.cols()));
        }
        return b.toString();
    }

    /** "row 12, col 40: -0.0213", plus the block when the cell stands for more than one value. */
    static String describe(PooledGrid.Cell c) {
        String text = String.format(Locale.ROOT, "row %d, col %d: %s", c.sourceRow(), c.sourceCol(), value(c.value()));
        return c.pooled() ? text + block(c) : text;
    }

    /** The cell in the grid's own words: a matrix's row and column, a slice's index, a tile grid's filter. */
    static String describe(Grid g, PooledGrid.Cell c) {
        if (c.gap()) {
            return g.describe(c.sourceRow(), c.sourceCol());
        }
        String text = g.describe(c.sourceRow(), c.sourceCol()) + ": " + value(c.value());
        return c.pooled() ? text + block(c) : text;
    }

    private static String block(PooledGrid.Cell c) {
        return String.format(Locale.ROOT, "  (largest |x| of rows %d–%d, cols %d–%d)",
                c.rowFrom(), c.rowTo() - 1, c.colFrom(), c.colTo() - 1);
    }

    /** A value with enough digits to tell weights apart: 6 significant. */
    static String value(float v) {
        if (Float.isNaN(v) || Float.isInfinite(v)) {
            return Float.toString(v);
        }
        return v == 0 ? "0" : String.format(Locale.ROOT, "%.6g", v);
    }
}
