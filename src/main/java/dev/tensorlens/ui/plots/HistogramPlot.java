package dev.tensorlens.ui.plots;

import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.tensor.stats.Histogram;
import dev.tensorlens.tensor.stats.SharedBins;
import dev.tensorlens.tensor.stats.TensorStats;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.paint.Color;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.DoubleUnaryOperator;

/**
 * The distribution of one layer's weights as a histogram, or of two versions of it drawn over each other on the same
 * bins ({@link #showOverlay}), each semi-transparent in its own colour with a legend above.
 *
 * <ul>
 *   <li>Bins: {@link #binsProperty()}, 1..{@value #MAX_BINS}, {@value #DEFAULT_BINS} unless set. Equal bins over the
 *       finite range of everything shown, the last bin closed (numpy's rule).</li>
 *   <li>Zoom: drag across the plot to bin only that range of values (recomputed, not magnified: the bins stay as
 *       many); the finite values outside are counted in the strip at the right. Double-click or Escape goes back
 *       to the full range. {@link #zoomRangeProperty()} is the range, null for the full one.</li>
 *   <li>NaN, +Inf and −Inf are never binned: the strip at the right counts them ("NaN 2").</li>
 *   <li>{@link #logCountsProperty()}: a log count axis, so a bin of 3 next to a bin of 300,000 still shows. Every
 *       non-empty bin is at least a pixel tall either way.</li>
 *   <li>The readout names the bin under the mouse, or under the keyboard's cursor (Left/Right, Home/End):
 *       "[-0.125, -0.117): 1,204", with both counts when two are overlaid.</li>
 * </ul>
 *
 * <p>Threads: the binning reads every value, so it runs on the {@code background} executor; a change of tensor,
 * bins or zoom starts it again, and the latest request wins (an older one stops at its next chunk). Each tensor's
 * range is computed once and kept while it is shown. {@link #busyProperty()} is true meanwhile; the histogram on
 * screen ({@link #shownProperty()}) changes on the FX thread.
 */
public final class HistogramPlot extends PlotSurface {

    public static final int DEFAULT_BINS = Histogram.DEFAULT_BINS;
    public static final int MAX_BINS = Histogram.MAX_BINS;

    private final LatestJob<SharedBins> job;
    private final IntegerProperty bins = new SimpleIntegerProperty(this, "bins", DEFAULT_BINS);
    private final BooleanProperty logCounts = new SimpleBooleanProperty(this, "logCounts");
    private final ObjectProperty<ValueRange> zoomRange = new SimpleObjectProperty<>(this, "zoomRange");
    private final ReadOnlyObjectWrapper<SharedBins> shown = new ReadOnlyObjectWrapper<>(this, "shown");
    private final PlotLegend legend = new PlotLegend();
    private final CountStrip strip = new CountStrip();
    /** Each shown tensor's statistics once known: its range does not change with the bins or the zoom. */
    private final Map<Tensor, TensorStats> knownStats = new ConcurrentHashMap<>();

    private List<Tensor> tensors = List.of();
    /** Where the bins come from when the values are not held here (an array streamed from the server); or null. */
    private BinSource source;
    private List<String> labels = List.of();
    private Request requested;
    private String failure;
    /** The bin under the mouse or the keyboard's cursor, -1 none. */
    private int pointed = -1;
    private final DragSpan drag = new DragSpan();
    /** Where the bins were last painted, for the mouse; null when nothing was. */
    private PlotArea area;

    private record Request(List<Tensor> tensors, BinSource source, int bins, ValueRange range) {
    }

    /** @param background where the histograms are computed: any executor but the FX thread's */
    public HistogramPlot(Executor background) {
        super("histogram-plot");
        job = new LatestJob<>(this, background);
        setTop(legend);
        setSide(strip);
        Tooltip.install(strip, tip("NaN and ±Inf are counted apart, never binned; \"outside\" counts the finite "
                + "values beyond the zoomed range."));
        setHelp("Drag across the bars to zoom into those values; double-click or Esc shows the full range. "
                + "Left/Right step through the bins.");

        bins.addListener((obs, old, now) -> {
            int clamped = Math.max(1, Math.min(MAX_BINS, now.intValue()));
            if (clamped != now.intValue()) {
                bins.set(clamped);
                return;
            }
            recompute();
        });
        logCounts.addListener((obs, old, now) -> refresh());
        zoomRange.addListener((obs, old, now) -> {
            pointed = -1;
            recompute();
        });
        job.busyProperty().addListener((obs, old, now) -> refresh());
        shown.addListener((obs, old, now) -> refresh());

        canvas().addEventHandler(MouseEvent.MOUSE_MOVED, e -> pointAt(e.getX(), e.getY()));
        canvas().addEventHandler(MouseEvent.MOUSE_EXITED, e -> pointAt(Double.NaN, Double.NaN));
        canvas().addEventHandler(MouseEvent.MOUSE_PRESSED, this::pressed);
        canvas().addEventHandler(MouseEvent.MOUSE_DRAGGED, this::dragged);
        canvas().addEventHandler(MouseEvent.MOUSE_RELEASED, this::released);
        canvas().addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2) {
                zoomRange.set(null);
            }
        });
        addEventHandler(KeyEvent.KEY_PRESSED, this::keyPressed);
        refresh();
    }

    /** Shows the histogram of {@code t} over its full range; {@code label} names it in the legend (null: none). */
    public void show(Tensor t, String label) {
        if (t == null) {
            clear();
            return;
        }
        showAll(List.of(t), null, labels(label));
    }

    /**
     * Shows two tensors over the same bins (the range of both), e.g. a layer before and after training, each in its
     * own colour with its label in the legend; the readout gives both counts of a bin.
     */
    public void showOverlay(Tensor before, String labelBefore, Tensor after, String labelAfter) {
        if (before == null || after == null) {
            show(before != null ? before : after, before != null ? labelBefore : labelAfter);
            return;
        }
        showAll(List.of(before, after), null, labels(labelBefore, labelAfter));
    }

    /** Shows the histogram {@code source} counts (see {@link BinSource}); {@code label} names it in the legend. */
    public void showSource(BinSource binSource, String label) {
        showAll(List.of(), binSource, labels(label));
    }

    /** Shows nothing. */
    public void clear() {
        showAll(List.of(), null, List.of());
    }

    private static List<String> labels(String... text) {
        List<String> list = new ArrayList<>();
        for (String s : text) {
            list.add(s == null ? "" : s);
        }
        return list;
    }

    /** What to bin: {@code next} tensors held here, or bins counted by {@code nextSource} (then no tensors). */
    private void showAll(List<Tensor> next, BinSource nextSource, List<String> nextLabels) {
        boolean same = next.equals(tensors) && nextSource == source;
        tensors = next;
        source = nextSource;
        labels = nextLabels;
        if (!same) {
            knownStats.clear();
            shown.set(null);
            failure = null;
            pointed = -1;
        }
        legend.show(labels);
        if (zoomRange.get() != null && !same) {
            zoomRange.set(null); // recomputes
        } else {
            recompute();
        }
        refresh();
    }

    /** How many equal bins: 1..{@value #MAX_BINS} (a value beyond is moved into that range). */
    public IntegerProperty binsProperty() {
        return bins;
    }

    public int getBins() {
        return bins.get();
    }

    public void setBins(int value) {
        bins.set(value);
    }

    /** Whether the count axis is logarithmic. */
    public BooleanProperty logCountsProperty() {
        return logCounts;
    }

    /** The range of values binned; null for the full range of the data. Reset when other tensors are shown. */
    public ObjectProperty<ValueRange> zoomRangeProperty() {
        return zoomRange;
    }

    public ValueRange getZoomRange() {
        return zoomRange.get();
    }

    public void setZoomRange(ValueRange value) {
        zoomRange.set(value);
    }

    /** Whether histograms are being computed. */
    public ReadOnlyBooleanProperty busyProperty() {
        return job.busyProperty();
    }

    /** The histograms on screen (one per tensor, on the same edges), null while there are none. */
    public ReadOnlyObjectProperty<SharedBins> shownProperty() {
        return shown.getReadOnlyProperty();
    }

    /** The area the bins were last painted in, null when none: for tests. */
    PlotArea plotArea() {
        return area;
    }

    private void recompute() {
        ValueRange range = zoomRange.get();
        Request r = new Request(tensors, source, bins.get(), range);
        if (r.equals(requested)) {
            return;
        }
        requested = r;
        if (r.source() != null) {
            BinSource from = r.source();
            job.start(stale -> from.bins(r.bins(), range, stale), this::showResult, this::showFailure);
            return;
        }
        if (r.tensors().isEmpty()) {
            job.cancel();
            shown.set(null);
            return;
        }
        List<TensorStats> known = new ArrayList<>();
        for (Tensor t : r.tensors()) {
            known.add(knownStats.get(t));
        }
        job.start(stale -> {
            SharedBins result = SharedBins.of(r.tensors(), known, r.bins(),
                    range == null ? Double.NaN : range.min(), range == null ? Double.NaN : range.max(), stale);
            for (int i = 0; i < r.tensors().size() && !stale.getAsBoolean(); i++) {
                knownStats.put(r.tensors().get(i), result.stats().get(i)); // not for tensors no longer shown
            }
            return result;
        }, this::showResult, this::showFailure);
    }

    private void showResult(SharedBins result) {
        failure = null;
        if (pointed >= result.binCount()) {
            pointed = -1;
        }
        shown.set(result);
    }

    private void showFailure(Throwable error) {
        failure = "Could not compute the histogram: " + error.getMessage();
        shown.set(null);
    }

    /** Updates the note, the strip and the readout, and paints again. */
    private void refresh() {
        SharedBins b = shown.get();
        if (failure != null) {
            setEmptyText(failure);
        } else if (tensors.isEmpty() && source == null) {
            setEmptyText("No data");
        } else if (b == null) {
            setEmptyText(job.busyProperty().get() ? "Computing…" : "No data");
        } else if (finiteCount(b) == 0) {
            setEmptyText("No finite values");
        } else {
            setEmptyText(null);
        }
        strip.show(b, zoomRange.get() != null);
        updateReadout();
        redraw();
    }

    private static long finiteCount(SharedBins b) {
        long n = 0;
        for (TensorStats s : b.stats()) {
            n += s.finiteCount();
        }
        return n;
    }

    private void updateReadout() {
        SharedBins b = shown.get();
        if (b == null || finiteCount(b) == 0) {
            setReadout("");
        } else if (drag.selects()) {
            ValueRange r = dragRange();
            setReadout(r == null ? "" : "Zoom to " + PlotText.bin(r.min(), r.max(), true));
        } else if (pointed >= 0 && pointed < b.binCount()) {
            setReadout(HistogramText.describeBin(b, pointed, labels));
        } else {
            setReadout(HistogramText.summary(b, zoomRange.get() != null));
        }
    }

    @Override
    void draw(GraphicsContext g, double width, double height) {
        SharedBins b = shown.get();
        area = null;
        if (b == null || finiteCount(b) == 0) {
            return;
        }
        AxisPainter axes = new AxisPainter(g, palette());
        double[] e = b.edges();
        double lo = e[0];
        double hi = e[e.length - 1];
        long max = b.maxCount();
        boolean log = logCounts.get();
        int yTickRoom = Math.max(2, (int) (height / (axes.lineHeight() * 2.5)));
        CountAxis y = log ? CountAxis.log(max, yTickRoom) : CountAxis.linear(max, yTickRoom);
        String[] yLabels = new String[y.ticks().length];
        for (int i = 0; i < yLabels.length; i++) {
            yLabels[i] = AxisTicks.count(y.ticks()[i]);
        }
        PlotArea a = axes.area(width, height, axes.widest(yLabels), true, 0);
        if (a.isEmpty()) {
            return;
        }
        area = a;
        AxisTicks xt = AxisTicks.linear(lo, hi, Math.max(2, (int) (a.width() / 70)));
        String[] xLabels = new String[xt.values().length];
        for (int i = 0; i < xLabels.length; i++) {
            xLabels[i] = AxisTicks.label(xt.values()[i], xt.step());
        }
        double xScale = a.width() / (hi - lo);
        DoubleUnaryOperator toX = v -> a.x() + (v - lo) * xScale;
        DoubleUnaryOperator toY = c -> a.bottom() - y.position(c) * a.height();

        axes.yAxis(a, y.ticks(), yLabels, toY);
        if (pointed >= 0 && pointed < b.binCount()) {
            double x0 = Math.floor(toX.applyAsDouble(e[pointed]));
            double x1 = Math.max(x0 + 1, Math.floor(toX.applyAsDouble(e[pointed + 1])));
            g.setFill(palette().color(PlotPalette.Role.HIGHLIGHT));
            g.fillRect(x0, a.y(), x1 - x0, a.height());
        }
        Color[] colors = new Color[b.histograms().size()];
        for (int s = 0; s < colors.length; s++) {
            colors[s] = seriesColor(s);
        }
        HistogramPainter.bars(g, b, colors, toX, toY, a);
        axes.xAxis(a, xt.values(), xLabels, toX);
        axes.title(a, log ? "count (log)" : "count");
        if (drag.selects()) {
            HistogramPainter.span(g, palette(), drag.left(), drag.right(), a);
        }
    }

    private Color seriesColor(int series) {
        return palette().color(series == 0 ? PlotPalette.Role.SERIES_1 : PlotPalette.Role.SERIES_2);
    }

    /** Which bin is at canvas x {@code x} (NaN: none). */
    private void pointAt(double x, double yPos) {
        SharedBins b = shown.get();
        int next = -1;
        if (b != null && area != null && !Double.isNaN(x) && area.contains(x, yPos)) {
            next = Math.min(b.binCount() - 1, (int) ((x - area.x()) / area.width() * b.binCount()));
        }
        if (next != pointed) {
            pointed = next;
            updateReadout();
            redraw();
        }
    }

    private void pressed(MouseEvent e) {
        if (e.getButton() == MouseButton.PRIMARY && area != null && area.contains(e.getX(), e.getY())) {
            drag.start(e.getX());
        }
    }

    private void dragged(MouseEvent e) {
        if (area != null && drag.moveTo(area.clampX(e.getX()))) {
            updateReadout();
            redraw();
        }
    }

    private void released(MouseEvent e) {
        ValueRange r = drag.selects() ? dragRange() : null;
        drag.clear();
        if (r != null) {
            zoomRange.set(r);
        }
        updateReadout();
        redraw();
    }

    /** The values between the drag's two ends, null when they are the same. */
    private ValueRange dragRange() {
        SharedBins b = shown.get();
        if (b == null || area == null) {
            return null;
        }
        double[] e = b.edges();
        double lo = e[0];
        double perPixel = (e[e.length - 1] - lo) / area.width();
        double v0 = lo + (drag.left() - area.x()) * perPixel;
        double v1 = lo + (drag.right() - area.x()) * perPixel;
        return v1 > v0 ? new ValueRange(v0, v1) : null;
    }

    private void keyPressed(KeyEvent e) {
        SharedBins b = shown.get();
        int n = b == null ? 0 : b.binCount();
        int next = pointed;
        switch (e.getCode()) {
            case ESCAPE -> {
                if (drag.clear()) {
                    break; // Esc ends a drag, nothing else
                }
                if (zoomRange.get() != null) {
                    zoomRange.set(null);
                } else {
                    next = -1;
                }
            }
            case LEFT, KP_LEFT -> next = n == 0 ? -1 : pointed < 0 ? n - 1 : Math.max(0, pointed - 1);
            case RIGHT, KP_RIGHT -> next = n == 0 ? -1 : pointed < 0 ? 0 : Math.min(n - 1, pointed + 1);
            case HOME -> next = n == 0 ? -1 : 0;
            case END -> next = n - 1;
            default -> {
                return;
            }
        }
        e.consume();
        pointed = next;
        updateReadout();
        redraw();
    }
}
