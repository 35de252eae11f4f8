package dev.tensorlens.ui.plots;

import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.tensor.stats.ColumnExtremes;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.paint.Color;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.DoubleUnaryOperator;

/**
 * A 1-D tensor (a bias vector, a LayerNorm scale) as bars from zero or as a line, by index.
 *
 * <p>A vector longer than the plot is wide is pooled to one column per pixel, each drawn from the smallest to the
 * largest value of its run ({@link ColumnExtremes}), so a single spike among a million values stays visible. NaN
 * and ±Inf are not drawn as values: a mark in the danger colour at the top of their column says where they are.
 * The readout names the value (or the run) under the mouse or the keyboard's cursor (Left/Right, Home/End):
 * "index 17: 0.0312". A tensor of higher rank is read flat, in storage order.
 *
 * <p>Threads: the pooling reads every value, so it runs on the {@code background} executor, again when the plot's
 * width changes; the latest request wins. {@link #busyProperty()} is true meanwhile.
 */
public final class SeriesPlot extends PlotSurface {

    /** How the values are drawn. */
    public enum Mode {
        /** A bar from zero to each value. */
        BAR,
        /** A line through the values. */
        LINE
    }

    private final LatestJob<ColumnExtremes> job;
    private final ObjectProperty<Mode> mode = new SimpleObjectProperty<>(this, "mode", Mode.BAR);
    private final ReadOnlyObjectWrapper<ColumnExtremes> shown = new ReadOnlyObjectWrapper<>(this, "shown");
    private final PlotLegend legend = new PlotLegend();

    private Tensor tensor;
    private Request requested;
    private String failure;
    /** The column under the mouse or the keyboard's cursor, -1 none. */
    private int pointed = -1;
    private PlotArea area;

    private record Request(Tensor tensor, int columns) {
    }

    /** @param background where long vectors are pooled: any executor but the FX thread's */
    public SeriesPlot(Executor background) {
        super("series-plot");
        job = new LatestJob<>(this, background);
        setTop(legend);
        setHelp("A long vector is drawn one pixel column per run of values, from its smallest to its largest; a red "
                + "mark at the top is NaN or ±Inf. Left/Right step through the columns.");
        mode.addListener((obs, old, now) -> {
            if (now == null) {
                mode.set(Mode.BAR);
            } else {
                redraw();
            }
        });
        job.busyProperty().addListener((obs, old, now) -> refresh());
        shown.addListener((obs, old, now) -> refresh());
        canvas().addEventHandler(MouseEvent.MOUSE_MOVED, e -> pointAt(e.getX(), e.getY()));
        canvas().addEventHandler(MouseEvent.MOUSE_EXITED, e -> pointAt(Double.NaN, Double.NaN));
        addEventHandler(KeyEvent.KEY_PRESSED, this::keyPressed);
        refresh();
    }

    /** Shows {@code oneD}'s values; {@code label} names it above the plot (null: no name). Null clears. */
    public void show(Tensor oneD, String label) {
        if (oneD != tensor) {
            tensor = oneD;
            shown.set(null);
            failure = null;
            pointed = -1;
        }
        legend.show(List.of(oneD == null || label == null ? "" : label));
        recompute();
        refresh();
    }

    public void clear() {
        show(null, null);
    }

    /** Bars (the default) or a line. */
    public ObjectProperty<Mode> modeProperty() {
        return mode;
    }

    public Mode getMode() {
        return mode.get();
    }

    public void setMode(Mode value) {
        mode.set(value);
    }

    /** Whether the vector is being pooled. */
    public ReadOnlyBooleanProperty busyProperty() {
        return job.busyProperty();
    }

    /** The columns on screen: the values, or their runs' extremes; null while there are none. */
    public ReadOnlyObjectProperty<ColumnExtremes> shownProperty() {
        return shown.getReadOnlyProperty();
    }

    PlotArea plotArea() {
        return area;
    }

    @Override
    void canvasResized(double width, double height) {
        recompute();
    }

    private void recompute() {
        int width = (int) Math.floor(canvas().getWidth());
        Request r = tensor == null ? new Request(null, 0)
                : new Request(tensor, (int) Math.min(Math.max(1, width), tensor.elementCount()));
        if (r.equals(requested)) {
            return;
        }
        if (tensor != null && width < 1) {
            return; // not laid out yet: the first layout asks
        }
        requested = r;
        if (r.tensor() == null || r.columns() == 0) {
            job.cancel();
            shown.set(null);
            return;
        }
        job.start(stale -> ColumnExtremes.of(r.tensor(), r.columns(), stale), result -> {
            failure = null;
            if (pointed >= result.columns()) {
                pointed = -1;
            }
            shown.set(result);
        }, error -> {
            failure = "Could not read the values: " + error.getMessage();
            shown.set(null);
        });
    }

    private void refresh() {
        ColumnExtremes c = shown.get();
        if (failure != null) {
            setEmptyText(failure);
        } else if (tensor == null || tensor.elementCount() == 0) {
            setEmptyText("No data");
        } else if (c == null) {
            setEmptyText(job.busyProperty().get() ? "Computing…" : null);
        } else if (Double.isNaN(c.low())) {
            setEmptyText("No finite values");
        } else {
            setEmptyText(null);
        }
        updateReadout();
        redraw();
    }

    private void updateReadout() {
        ColumnExtremes c = shown.get();
        if (c == null || c.columns() == 0) {
            setReadout("");
        } else if (pointed >= 0 && pointed < c.columns()) {
            setReadout(describe(c, pointed));
        } else {
            String text = PlotText.count(c.length()) + (c.length() == 1 ? " value" : " values");
            if (!Double.isNaN(c.low())) {
                text += ", " + PlotText.value(c.low()) + " … " + PlotText.value(c.high());
            }
            if (c.pooled()) {
                text += " · each column the smallest and largest of about "
                        + PlotText.count(Math.round((double) c.length() / c.columns()));
            }
            setReadout(text);
        }
    }

    /** "index 17: 0.0312", or for a run "index 1,024–1,055: -0.0312 … 0.0401", with its NaN/Inf. */
    private String describe(ColumnExtremes c, int column) {
        long from = c.from(column);
        long to = c.to(column);
        long nonFinite = c.nonFinite()[column];
        if (to - from == 1) { // one value: read it, NaN and ±Inf included (one element is cheap)
            return "index " + PlotText.count(from) + ": " + PlotText.value(tensor.getDouble(from));
        }
        String text = "index " + PlotText.count(from) + "–" + PlotText.count(to - 1) + ": ";
        text += Double.isNaN(c.min()[column]) ? "no finite value"
                : PlotText.value(c.min()[column]) + " … " + PlotText.value(c.max()[column]);
        if (nonFinite > 0) {
            text += " (" + PlotText.count(nonFinite) + " NaN/Inf)";
        }
        return text;
    }

    @Override
    void draw(GraphicsContext g, double width, double height) {
        ColumnExtremes c = shown.get();
        area = null;
        if (c == null || c.columns() == 0 || Double.isNaN(c.low())) {
            return;
        }
        boolean bars = mode.get() == Mode.BAR;
        double lo = bars ? Math.min(0, c.low()) : c.low();
        double hi = bars ? Math.max(0, c.high()) : c.high();
        if (hi == lo) { // a constant: some room around it
            double pad = lo == 0 ? 1 : Math.abs(lo) * 0.1;
            lo = bars && lo >= 0 ? 0 : lo - pad;
            hi = bars && hi <= 0 ? 0 : hi + pad;
        }
        AxisPainter axes = new AxisPainter(g, palette());
        int yTickRoom = Math.max(2, (int) (height / (axes.lineHeight() * 2.5)));
        double yLo = AxisTicks.niceFloor(lo, hi, yTickRoom);
        double yHi = AxisTicks.niceCeil(lo, hi, yTickRoom);
        AxisTicks yt = AxisTicks.linear(yLo, yHi, yTickRoom);
        String[] yLabels = labels(yt);
        PlotArea a = axes.area(width, height, axes.widest(yLabels), false, 0);
        if (a.isEmpty()) {
            return;
        }
        area = a;
        int n = c.columns();
        double slot = a.width() / n;
        DoubleUnaryOperator toY = v -> a.bottom() - (v - yLo) / (yHi - yLo) * a.height();
        long last = c.length() - 1;
        DoubleUnaryOperator indexToX = i -> a.x() + (last == 0 ? 0.5 : (i + 0.5) / c.length()) * a.width();
        AxisTicks xt = AxisTicks.linear(0, last, (int) Math.max(2, Math.min(last + 1, a.width() / 70)));
        String[] xLabels = new String[xt.values().length];
        for (int i = 0; i < xLabels.length; i++) {
            xLabels[i] = AxisTicks.count(xt.values()[i]);
        }

        axes.yAxis(a, yt.values(), yLabels, toY);
        if (pointed >= 0 && pointed < n) {
            g.setFill(palette().color(PlotPalette.Role.HIGHLIGHT));
            double x0 = Math.floor(a.x() + pointed * slot);
            g.fillRect(x0, a.y(), Math.max(1, Math.floor(a.x() + (pointed + 1) * slot) - x0), a.height());
        }
        Color series = palette().color(PlotPalette.Role.SERIES_1);
        double zero = toY.applyAsDouble(0);
        if (bars) {
            drawBars(g, c, a, slot, toY, zero, series);
        } else {
            drawLine(g, c, a, slot, toY, series);
        }
        axes.baseline(a, zero);
        drawNonFinite(g, c, a, slot);
        axes.xAxis(a, xt.values(), xLabels, indexToX);
    }

    private static String[] labels(AxisTicks t) {
        String[] s = new String[t.values().length];
        for (int i = 0; i < s.length; i++) {
            s[i] = AxisTicks.label(t.values()[i], t.step());
        }
        return s;
    }

    private static void drawBars(GraphicsContext g, ColumnExtremes c, PlotArea a, double slot,
                                 DoubleUnaryOperator toY, double zero, Color series) {
        g.setFill(series);
        boolean gaps = !c.pooled() && slot >= 4;
        for (int j = 0; j < c.columns(); j++) {
            if (Double.isNaN(c.min()[j])) {
                continue;
            }
            double x0 = Math.floor(a.x() + j * slot);
            double x1 = Math.floor(a.x() + (j + 1) * slot);
            double w = Math.max(1, x1 - x0 - (gaps ? Math.max(1, Math.floor(slot * 0.2)) : 0));
            double top = Math.round(toY.applyAsDouble(Math.max(0, c.max()[j])));
            double bottom = Math.round(toY.applyAsDouble(Math.min(0, c.min()[j])));
            int sign = c.max()[j] > 0 ? 1 : c.min()[j] < 0 ? -1 : 0;
            double[] span = PlotArea.barRows(top, bottom, zero, sign);
            g.fillRect(x0 + (gaps ? Math.floor((x1 - x0 - w) / 2) : 0), span[0], w, span[1] - span[0]);
        }
    }

    private static void drawLine(GraphicsContext g, ColumnExtremes c, PlotArea a, double slot,
                                 DoubleUnaryOperator toY, Color series) {
        g.setStroke(series);
        g.setFill(series);
        if (c.pooled()) {
            // each column from its smallest to its largest value, stretched to reach its neighbours' runs
            double prevMin = Double.NaN;
            double prevMax = Double.NaN;
            for (int j = 0; j < c.columns(); j++) {
                double min = c.min()[j];
                double max = c.max()[j];
                if (Double.isNaN(min)) {
                    prevMin = Double.NaN;
                    continue;
                }
                double lo = Double.isNaN(prevMax) ? min : Math.min(min, prevMax);
                double hi = Double.isNaN(prevMin) ? max : Math.max(max, prevMin);
                double top = Math.floor(toY.applyAsDouble(hi));
                double bottom = Math.max(top + 1, Math.ceil(toY.applyAsDouble(lo)));
                double x0 = Math.floor(a.x() + j * slot);
                g.fillRect(x0, top, Math.max(1, Math.floor(a.x() + (j + 1) * slot) - x0), bottom - top);
                prevMin = min;
                prevMax = max;
            }
            return;
        }
        g.setLineWidth(1.5);
        g.beginPath();
        boolean drawing = false;
        for (int j = 0; j < c.columns(); j++) {
            double v = c.min()[j];
            double x = a.x() + (j + 0.5) * slot;
            if (Double.isNaN(v)) {
                drawing = false; // a gap where a value is NaN or infinite
                continue;
            }
            double y = toY.applyAsDouble(v);
            if (drawing) {
                g.lineTo(x, y);
            } else {
                g.moveTo(x, y);
                drawing = true;
            }
        }
        g.stroke();
        if (slot >= 6) {
            double r = Math.min(3, slot / 4);
            for (int j = 0; j < c.columns(); j++) {
                if (!Double.isNaN(c.min()[j])) {
                    g.fillOval(a.x() + (j + 0.5) * slot - r, toY.applyAsDouble(c.min()[j]) - r, 2 * r, 2 * r);
                }
            }
        }
    }

    /** A short mark in the danger colour at the top of every column that holds NaN or ±Inf. */
    private void drawNonFinite(GraphicsContext g, ColumnExtremes c, PlotArea a, double slot) {
        g.setFill(palette().color(PlotPalette.Role.DANGER));
        for (int j = 0; j < c.columns(); j++) {
            if (c.nonFinite()[j] > 0) {
                double x0 = Math.floor(a.x() + j * slot);
                g.fillRect(x0, a.y(), Math.max(2, Math.floor(a.x() + (j + 1) * slot) - x0), 6);
            }
        }
    }

    private void pointAt(double x, double y) {
        ColumnExtremes c = shown.get();
        int next = -1;
        if (c != null && area != null && !Double.isNaN(x) && area.contains(x, y)) {
            next = Math.min(c.columns() - 1, (int) ((x - area.x()) / area.width() * c.columns()));
        }
        point(next);
    }

    private void point(int column) {
        if (column != pointed) {
            pointed = column;
            updateReadout();
            redraw();
        }
    }

    private void keyPressed(KeyEvent e) {
        ColumnExtremes c = shown.get();
        int n = c == null ? 0 : c.columns();
        int next;
        switch (e.getCode()) {
            case LEFT, KP_LEFT -> next = n == 0 ? -1 : pointed < 0 ? n - 1 : Math.max(0, pointed - 1);
            case RIGHT, KP_RIGHT -> next = n == 0 ? -1 : pointed < 0 ? 0 : Math.min(n - 1, pointed + 1);
            case HOME -> next = n == 0 ? -1 : 0;
            case END -> next = n - 1;
            case ESCAPE -> next = -1;
            default -> {
                return;
            }
        }
        e.consume();
        point(next);
    }
}
