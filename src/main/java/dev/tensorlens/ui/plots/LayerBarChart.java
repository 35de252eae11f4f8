package dev.tensorlens.ui.plots;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * A whole model at a glance: one bar per layer (a per-layer statistic such as its L2 norm or std, or how much it
 * changed between two versions), up to a thousand and more.
 *
 * <ul>
 *   <li>A value of NaN means "not computed yet": the layer gets a faint full-height placeholder, so the user sees
 *       it is pending. A flagged layer (NaN/Inf in its weights, a dead layer) is drawn in the theme's danger colour;
 *       flagged without a value, as a danger-tinted column.</li>
 *   <li>Click a bar to select it ({@link #selectedIndexProperty()}, -1 none; highlighted); Left/Right,
 *       Home/End and Page Up/Down move the selection. The readout names the bar under the mouse, else the selected
 *       one: "encoder.layer.3.weight — L2 norm 12.4".</li>
 *   <li>Layer names are drawn under their bars, shortened as logback shortens class names
 *       ({@code e.l.3.a.self.query.weight}, keeping the layer's number): every bar's when a line of text fits its
 *       width, else every 2nd to 4th; with thinner bars the axis counts layers and the readout names them.</li>
 *   <li>More bars than pixels: each pixel column shows the largest value among its bars (and is flagged, pending or
 *       selected if any of them is), so nothing that stands out is lost.</li>
 * </ul>
 *
 * <p>It computes nothing itself: feed it values on the FX thread with {@link #setBars} or {@link #updateValue}; both
 * copy into arrays and ask for one repaint per frame (a copy and at most one rectangle per pixel column).
 */
public final class LayerBarChart extends PlotSurface {

    /** The most room layer names take below the bars, in pixels. */
    static final double LABEL_ROOM = 120;
    /** The narrowest a selected or flagged column is marked, in pixels, when bars are thinner than that. */
    static final double MARK = 3;
    /** Names are drawn for every bar, or every 2nd … every MAX_NAME_STRIDE-th; with thinner bars, for none. */
    static final int MAX_NAME_STRIDE = 4;

    /**
     * One layer's bar.
     *
     * @param label   the layer's name
     * @param value   the statistic; NaN while not computed yet
     * @param flagged whether to draw it in the danger colour (NaN/Inf in its weights, a dead layer)
     */
    public record Bar(String label, double value, boolean flagged) {
        public Bar {
            label = label == null ? "" : label;
        }
    }

    private final StringProperty valueName = new SimpleStringProperty(this, "valueName", "value");
    private String[] barNouns = {"layer", "layers"};
    private final BooleanProperty logScale = new SimpleBooleanProperty(this, "logScale");
    private final IntegerProperty selectedIndex = new SimpleIntegerProperty(this, "selectedIndex", -1);

    private String[] labels = new String[0];
    private double[] values = new double[0];
    private boolean[] flags = new boolean[0];
    /** The bar under the mouse, -1 none. */
    private int hovered = -1;
    private PlotArea area;

    public LayerBarChart() {
        super("layer-bar-chart");
        setHelp("Click a bar to select its layer; Left/Right move the selection. A faint column is a layer not "
                + "computed yet; red marks NaN/Inf or a dead layer.");
        valueName.addListener((obs, old, now) -> refresh());
        logScale.addListener((obs, old, now) -> refresh());
        selectedIndex.addListener((obs, old, now) -> refresh());
        canvas().addEventHandler(MouseEvent.MOUSE_MOVED, e -> hover(indexAt(e.getX(), e.getY())));
        canvas().addEventHandler(MouseEvent.MOUSE_EXITED, e -> hover(-1));
        canvas().addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            int i = indexAt(e.getX(), e.getY());
            if (e.getButton() == MouseButton.PRIMARY && i >= 0) {
                selectedIndex.set(i);
            }
        });
        addEventHandler(KeyEvent.KEY_PRESSED, this::keyPressed);
        refresh();
    }

    /** Replaces every bar. The selection is kept when its index still exists. */
    public void setBars(List<Bar> bars) {
        int n = bars.size();
        if (labels.length != n) {
            labels = new String[n];
            values = new double[n];
            flags = new boolean[n];
        }
        for (int i = 0; i < n; i++) {
            Bar b = bars.get(i);
            labels[i] = b.label();
            values[i] = b.value();
            flags[i] = b.flagged();
        }
        if (hovered >= n) {
            hovered = -1;
        }
        if (selectedIndex.get() >= n) {
            selectedIndex.set(-1);
        }
        refresh();
    }

    /** Changes bar {@code index}'s value and flag (its label stays): a statistic that just arrived. */
    public void updateValue(int index, double value, boolean flagged) {
        values[index] = value;
        flags[index] = flagged;
        refresh();
    }

    public int barCount() {
        return values.length;
    }

    public Bar getBar(int index) {
        return new Bar(labels[index], values[index], flags[index]);
    }

    /** Names what one bar stands for in the summary line ("10 classes"): layers unless told. */
    public void setBarNouns(String singular, String plural) {
        barNouns = new String[] {singular, plural};
        refresh();
    }

    /** What the values are ("L2 norm"): the y axis's title and the readout's word. */
    public StringProperty valueNameProperty() {
        return valueName;
    }

    public void setValueName(String value) {
        valueName.set(value);
    }

    /** Whether the value axis is logarithmic (values ≤ 0 then have no bar). */
    public BooleanProperty logScaleProperty() {
        return logScale;
    }

    /** The selected bar, -1 for none. */
    public IntegerProperty selectedIndexProperty() {
        return selectedIndex;
    }

    public int getSelectedIndex() {
        return selectedIndex.get();
    }

    public void setSelectedIndex(int index) {
        selectedIndex.set(index);
    }

    PlotArea plotArea() {
        return area;
    }

    private void refresh() {
        setEmptyText(values.length == 0 ? "No data" : null);
        updateReadout();
        redraw();
    }

    private String name() {
        String n = valueName.get();
        return n == null || n.isEmpty() ? "value" : n;
    }

    private void updateReadout() {
        int i = hovered >= 0 ? hovered : selectedIndex.get();
        if (i >= 0 && i < values.length) {
            setReadout(describe(i));
            return;
        }
        if (values.length == 0) {
            setReadout("");
            return;
        }
        int pending = 0;
        int flagged = 0;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < values.length; j++) {
            if (flags[j]) {
                flagged++;
            } else if (Double.isNaN(values[j])) {
                pending++;
            }
            if (Double.isFinite(values[j])) {
                lo = Math.min(lo, values[j]);
                hi = Math.max(hi, values[j]);
            }
        }
        String text = PlotText.count(values.length) + " " + barNouns[values.length == 1 ? 0 : 1];
        if (lo <= hi) {
            text += " · " + name() + " " + PlotText.value(lo) + " … " + PlotText.value(hi);
        }
        if (pending > 0) {
            text += " · " + PlotText.count(pending) + " pending";
        }
        if (flagged > 0) {
            text += " · " + PlotText.count(flagged) + " flagged";
        }
        setReadout(text);
    }

    /** "encoder.layer.3.weight — L2 norm 12.4", "… — L2 norm not computed yet", "… · flagged". */
    private String describe(int i) {
        double v = values[i];
        String text = labels[i] + " — " + name() + " ";
        text += Double.isNaN(v) && !flags[i] ? "not computed yet" : PlotText.value(v);
        return flags[i] ? text + " · flagged" : text;
    }

    /** The bar at canvas point (x, y): over the bars or their labels; -1 elsewhere. */
    private int indexAt(double x, double y) {
        PlotArea a = area;
        int n = values.length;
        if (a == null || n == 0 || Double.isNaN(x) || x < a.x() || x > a.right() || y < a.y()) {
            return -1;
        }
        return Math.min(n - 1, (int) ((x - a.x()) / a.width() * n));
    }

    private void hover(int index) {
        if (index != hovered) {
            hovered = index;
            updateReadout();
            redraw();
        }
    }

    private void keyPressed(KeyEvent e) {
        int n = values.length;
        int s = selectedIndex.get();
        int next;
        switch (e.getCode()) {
            case LEFT, KP_LEFT -> next = s < 0 ? n - 1 : s - 1;
            case RIGHT, KP_RIGHT -> next = s < 0 ? 0 : s + 1;
            case PAGE_UP -> next = s < 0 ? 0 : s - 10;
            case PAGE_DOWN -> next = s < 0 ? 0 : s + 10;
            case HOME -> next = 0;
            case END -> next = n - 1;
            default -> {
                return;
            }
        }
        e.consume();
        if (n > 0) {
            hovered = -1; // the readout follows the keyboard now
            selectedIndex.set(Math.max(0, Math.min(n - 1, next)));
            updateReadout();
        }
    }

    // ---- painting ----

    @Override
    void draw(GraphicsContext g, double width, double height) {
        area = null;
        int n = values.length;
        if (n == 0) {
            return;
        }
        AxisPainter axes = new AxisPainter(g, palette());
        ValueAxis y = ValueAxis.of(values, logScale.get(), Math.max(2, (int) (height / (axes.lineHeight() * 2.5))));
        String[] yLabels = new String[y.ticks().values().length];
        for (int i = 0; i < yLabels.length; i++) {
            yLabels[i] = y.log() ? AxisTicks.label(y.ticks().values()[i], y.ticks().values()[i])
                    : AxisTicks.label(y.ticks().values()[i], y.ticks().step());
        }
        double yLabelWidth = axes.widest(yLabels);
        PlotArea trial = axes.area(width, height, yLabelWidth, true, 0);
        // every bar's name if a line of text fits its width, else every 2nd, 3rd or 4th; beyond that none
        int every = (int) Math.ceil((axes.lineHeight() + 2) / (trial.width() / n));
        boolean names = every <= MAX_NAME_STRIDE;
        double labelRoom = 0;
        if (names) {
            for (int i = 0; i < n; i += every) {
                labelRoom = Math.max(labelRoom, PlotText.width(axes.font(), labels[i]));
            }
            labelRoom = Math.min(LABEL_ROOM, Math.min(labelRoom, height / 3));
        }
        PlotArea a = axes.area(width, height, yLabelWidth, true, names ? labelRoom - axes.lineHeight() : 0);
        if (a.isEmpty()) {
            return;
        }
        area = a;
        DoubleUnaryOperator toY = v -> a.bottom() - y.position(v) * a.height();
        axes.yAxis(a, y.ticks().values(), yLabels, toY);

        int columns = (int) Math.min(n, Math.floor(a.width()));
        double slot = a.width() / columns;
        int selected = selectedIndex.get();
        for (int c = 0; c < columns; c++) {
            int from = (int) ((long) c * n / columns);
            int to = (int) ((long) (c + 1) * n / columns);
            paintColumn(g, a, c, slot, from, to, selected, toY, y.log());
        }
        if (!y.log()) {
            axes.baseline(a, toY.applyAsDouble(0));
        }
        if (names) {
            paintNames(g, axes, a, slot, labelRoom, selected, every);
            g.setStroke(palette().color(PlotPalette.Role.AXIS));
            g.setLineWidth(1);
            g.strokeLine(a.x(), AxisPainter.crisp(a.bottom()), a.right(), AxisPainter.crisp(a.bottom()));
        } else {
            AxisTicks xt = AxisTicks.linear(0, n - 1, (int) Math.max(2, Math.min(n, a.width() / 70)));
            String[] xLabels = new String[xt.values().length];
            for (int i = 0; i < xLabels.length; i++) {
                xLabels[i] = AxisTicks.count(xt.values()[i]);
            }
            axes.xAxis(a, xt.values(), xLabels, i -> a.x() + (i + 0.5) * a.width() / n);
        }
        axes.title(a, name() + (y.log() ? " (log)" : ""));
    }

    /** One pixel column (or one bar's slot): the bars {@code [from, to)}, by their most telling member. */
    private void paintColumn(GraphicsContext g, PlotArea a, int column, double slot, int from, int to, int selected,
                             DoubleUnaryOperator toY, boolean log) {
        double x0 = Math.floor(a.x() + column * slot);
        double x1 = Math.max(x0 + 1, Math.floor(a.x() + (column + 1) * slot));
        boolean isSelected = selected >= from && selected < to;
        boolean isHovered = hovered >= from && hovered < to;
        if (isSelected || isHovered) { // at least MARK wide, so a selected pixel column still catches the eye
            double w = Math.max(MARK, x1 - x0);
            g.setFill(palette().color(PlotPalette.Role.HIGHLIGHT, isSelected ? 1 : 0.5));
            g.fillRect(Math.round((x0 + x1 - w) / 2), a.y(), w, a.height());
        }
        double max = Double.NaN;
        double min = Double.NaN;
        boolean pending = false;
        boolean flagged = false;
        boolean flaggedWithoutValue = false;
        for (int i = from; i < to; i++) {
            double v = values[i];
            flagged |= flags[i];
            if (Double.isFinite(v) && (!log || v > 0)) {
                max = Double.isNaN(max) ? v : Math.max(max, v);
                min = Double.isNaN(min) ? v : Math.min(min, v);
            } else if (flags[i]) {
                flaggedWithoutValue = true;
            } else if (Double.isNaN(v)) {
                pending = true;
            }
        }
        boolean gaps = to - from == 1 && slot >= 4;
        double inset = gaps ? Math.max(1, Math.floor(slot * 0.15)) : 0;
        double bx = x0 + Math.floor(inset / 2);
        double bw = Math.max(1, x1 - x0 - inset);
        if (pending && Double.isNaN(max)) {
            g.setFill(palette().color(PlotPalette.Role.PLACEHOLDER));
            g.fillRect(bx, a.y(), bw, a.height());
        }
        if (flaggedWithoutValue && Double.isNaN(max)) {
            g.setFill(palette().color(PlotPalette.Role.DANGER, 0.25));
            g.fillRect(bx, a.y(), bw, a.height());
            g.setFill(palette().color(PlotPalette.Role.DANGER));
            g.fillRect(bx, a.y(), bw, 4);
        }
        if (!Double.isNaN(max)) {
            Color fill = flagged ? palette().color(PlotPalette.Role.DANGER)
                    : isSelected ? palette().color(PlotPalette.Role.SELECTED)
                    : palette().color(PlotPalette.Role.SERIES_1);
            double base = log ? a.bottom() : toY.applyAsDouble(0);
            double top = Math.round(Math.min(base, toY.applyAsDouble(max)));
            double bottom = Math.round(log ? a.bottom() : Math.max(base, toY.applyAsDouble(min)));
            double[] span = PlotArea.barRows(top, bottom, base, log || max > 0 ? 1 : min < 0 ? -1 : 0);
            g.setFill(fill);
            g.fillRect(bx, span[0], bw, span[1] - span[0]);
        }
        if (flagged && bw < MARK) { // a flagged pixel column gets a cap wide enough to be seen
            g.setFill(palette().color(PlotPalette.Role.DANGER));
            g.fillRect(Math.round(bx + bw / 2 - MARK / 2), a.y(), MARK, 6);
        }
    }

    /** The layers' names, written downwards under their bars, cut at the front to the room there is. */
    private void paintNames(GraphicsContext g, AxisPainter axes, PlotArea a, double slot, double room, int selected,
                            int every) {
        Font font = axes.font();
        g.setFont(font);
        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.CENTER);
        double top = a.bottom() + AxisPainter.TICK;
        for (int i = 0; i < labels.length; i += every) {
            String text = PlotText.abbreviate(font, labels[i], room);
            g.setFill(flags[i] ? palette().color(PlotPalette.Role.DANGER)
                    : i == selected ? palette().color(PlotPalette.Role.SELECTED) : palette().color(PlotPalette.Role.TEXT));
            g.save();
            g.translate(Math.round(a.x() + (i + 0.5) * slot), top);
            g.rotate(-90);
            g.fillText(text, 0, 0);
            g.restore();
        }
    }

    /** The value axis: linear from zero (or the most negative value), or decades; where a value goes, 0 to 1. */
    private record ValueAxis(double lo, double hi, boolean log, AxisTicks ticks) {

        static ValueAxis of(double[] values, boolean log, int maxTicks) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double v : values) {
                if (Double.isFinite(v) && (!log || v > 0)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
            boolean any = lo <= hi;
            if (log) {
                // a decade below the smallest value, so that its bar is never of zero height
                double from = any ? Math.floor(Math.log10(lo) - 1e-9) : 0;
                double to = any ? Math.ceil(Math.log10(hi)) : 1;
                if (to <= from) {
                    to = from + 1;
                }
                return new ValueAxis(from, to, true, AxisTicks.decades(from, to, maxTicks));
            }
            lo = any ? Math.min(0, lo) : 0; // bars grow from zero
            hi = any ? Math.max(0, hi) : 1;
            if (hi <= lo) {
                hi = lo + 1;
            }
            double top = AxisTicks.niceCeil(lo, hi * 1.02, maxTicks);
            double bottom = AxisTicks.niceFloor(lo, hi, maxTicks);
            return new ValueAxis(bottom, top, false, AxisTicks.linear(bottom, top, maxTicks));
        }

        double position(double v) {
            if (log) {
                return (Math.log10(v) - lo) / (hi - lo);
            }
            return (v - lo) / (hi - lo);
        }
    }
}
