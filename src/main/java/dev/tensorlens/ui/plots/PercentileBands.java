package dev.tensorlens.ui.plots;

import dev.tensorlens.tensor.stats.Percentiles;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.paint.Color;
import javafx.scene.text.TextAlignment;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * How a tensor's distribution moves across steps (checkpoints, versions), drawn as TensorBoard draws it: nested
 * bands from the lightest, min–max, through 5–95 % to 25–75 %, and the median as a line, one step per x position.
 * A step whose neighbours are missing (or the only step) is drawn as a box of the same bands.
 *
 * <p>Each step's {@link Percentiles} must hold 0, 5, 25, 50, 75, 95 and 100 (as {@link Percentiles#DEFAULT_Q}
 * does); a band whose percentiles are missing is left out. A null step is not computed yet: a faint placeholder
 * holds its place. The readout names the step under the mouse or the keyboard's cursor (Left/Right, Home/End)
 * with its median and bands. It computes nothing itself: feed it on the FX thread.
 */
public final class PercentileBands extends PlotSurface {

    /** The bands, outermost first: low and high percentile, and how opaque. */
    private static final double[][] BANDS = {{0, 100, 0.2}, {5, 95, 0.3}, {25, 75, 0.45}};
    private static final String[] BAND_NAMES = {"min–max", "5–95%", "25–75%"};
    /** The widest a lone step's box is drawn. */
    static final double MAX_BOX = 48;

    private List<String> labels = List.of();
    private List<Percentiles> steps = List.of();
    /** The step under the mouse or the keyboard's cursor, -1 none. */
    private int pointed = -1;
    private PlotArea area;
    /** The value axis's ends as last painted, bottom and top. */
    private double axisLow = Double.NaN;
    private double axisHigh = Double.NaN;

    public PercentileBands() {
        super("percentile-bands");
        setHelp("The median (line) and the 25–75 %, 5–95 % and min–max bands of each step; a grey column is a step "
                + "not computed yet. Left/Right step through them.");
        canvas().addEventHandler(MouseEvent.MOUSE_MOVED, e -> point(stepAt(e.getX(), e.getY())));
        canvas().addEventHandler(MouseEvent.MOUSE_EXITED, e -> point(-1));
        addEventHandler(KeyEvent.KEY_PRESSED, this::keyPressed);
        refresh();
    }

    /**
     * The steps in order: their names ({@code labels}) and percentiles ({@code perStep}, the same length; a null
     * entry is a step not computed yet).
     */
    public void setSteps(List<String> labels, List<Percentiles> perStep) {
        if (labels.size() != perStep.size()) {
            throw new IllegalArgumentException(labels.size() + " labels for " + perStep.size() + " steps");
        }
        List<String> names = new ArrayList<>();
        for (String s : labels) {
            names.add(s == null ? "" : s);
        }
        this.labels = Collections.unmodifiableList(names);
        this.steps = Collections.unmodifiableList(new ArrayList<>(perStep));
        if (pointed >= steps.size()) {
            pointed = -1;
        }
        refresh();
    }

    public void clear() {
        setSteps(List.of(), List.of());
    }

    public int stepCount() {
        return steps.size();
    }

    PlotArea plotArea() {
        return area;
    }

    /** The values at the bottom and the top of the area as last painted: for tests. */
    double[] valueRange() {
        return new double[] {axisLow, axisHigh};
    }

    private void refresh() {
        boolean any = steps.stream().anyMatch(p -> p != null && Double.isFinite(q(p, 50)));
        setEmptyText(steps.isEmpty() ? "No data" : any ? null : steps.stream().allMatch(p -> p == null)
                ? "Computing…" : "No finite values");
        updateReadout();
        redraw();
    }

    /** The value at percentile {@code percent}, NaN when it was not computed. */
    static double q(Percentiles p, double percent) {
        for (int i = 0; i < p.q().length; i++) {
            if (p.q()[i] == percent) {
                return p.values()[i];
            }
        }
        return Double.NaN;
    }

    private void updateReadout() {
        if (pointed >= 0 && pointed < steps.size()) {
            setReadout(describe(pointed));
        } else if (steps.isEmpty()) {
            setReadout("");
        } else {
            long pending = steps.stream().filter(p -> p == null).count();
            String text = PlotText.count(steps.size()) + (steps.size() == 1 ? " step" : " steps");
            setReadout(pending > 0 ? text + " · " + PlotText.count(pending) + " pending" : text);
        }
    }

    /** "step 3: median 0.00120 · 25–75% [-0.0310, 0.0300] · 5–95% […] · min–max […]". */
    private String describe(int i) {
        Percentiles p = steps.get(i);
        String name = labels.get(i).isEmpty() ? "step " + (i + 1) : labels.get(i);
        if (p == null) {
            return name + ": not computed yet";
        }
        StringBuilder text = new StringBuilder(name).append(": median ").append(PlotText.value(q(p, 50)));
        for (int b = BANDS.length - 1; b >= 0; b--) {
            double lo = q(p, BANDS[b][0]);
            double hi = q(p, BANDS[b][1]);
            if (!Double.isNaN(lo) && !Double.isNaN(hi)) {
                text.append(" · ").append(BAND_NAMES[b]).append(" [").append(PlotText.value(lo)).append(", ")
                        .append(PlotText.value(hi)).append(']');
            }
        }
        if (!p.exact()) {
            text.append(" · estimated");
        }
        return text.toString();
    }

    private int stepAt(double x, double y) {
        PlotArea a = area;
        int n = steps.size();
        if (a == null || n == 0 || Double.isNaN(x) || !a.contains(x, y)) {
            return -1;
        }
        return Math.min(n - 1, (int) ((x - a.x()) / a.width() * n));
    }

    private void point(int step) {
        if (step != pointed) {
            pointed = step;
            updateReadout();
            redraw();
        }
    }

    private void keyPressed(KeyEvent e) {
        int n = steps.size();
        int next;
        switch (e.getCode()) {
            case LEFT, KP_LEFT -> next = pointed < 0 ? n - 1 : Math.max(0, pointed - 1);
            case RIGHT, KP_RIGHT -> next = pointed < 0 ? 0 : Math.min(n - 1, pointed + 1);
            case HOME -> next = 0;
            case END -> next = n - 1;
            case ESCAPE -> next = -1;
            default -> {
                return;
            }
        }
        e.consume();
        point(n == 0 ? -1 : next);
    }

    // ---- painting ----

    @Override
    void draw(GraphicsContext g, double width, double height) {
        area = null;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Percentiles p : steps) {
            if (p == null) {
                continue;
            }
            for (double v : p.values()) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (!(lo <= hi)) {
            return;
        }
        if (lo == hi) {
            double pad = lo == 0 ? 1 : Math.abs(lo) * 0.1;
            lo -= pad;
            hi += pad;
        }
        AxisPainter axes = new AxisPainter(g, palette());
        int yTickRoom = Math.max(2, (int) (height / (axes.lineHeight() * 2.5)));
        double yLo = AxisTicks.niceFloor(lo, hi, yTickRoom);
        double yHi = AxisTicks.niceCeil(lo, hi, yTickRoom);
        AxisTicks yt = AxisTicks.linear(yLo, yHi, yTickRoom);
        String[] yLabels = new String[yt.values().length];
        for (int i = 0; i < yLabels.length; i++) {
            yLabels[i] = AxisTicks.label(yt.values()[i], yt.step());
        }
        PlotArea a = axes.area(width, height, axes.widest(yLabels), true, 0);
        if (a.isEmpty()) {
            return;
        }
        area = a;
        axisLow = yLo;
        axisHigh = yHi;
        int n = steps.size();
        double slot = a.width() / n;
        DoubleUnaryOperator toY = v -> a.bottom() - (v - yLo) / (yHi - yLo) * a.height();
        DoubleUnaryOperator centre = i -> a.x() + (i + 0.5) * slot;
        axes.yAxis(a, yt.values(), yLabels, toY);
        axes.baseline(a, toY.applyAsDouble(0));
        double box = Math.max(3, Math.min(MAX_BOX, slot * 0.5));

        if (pointed >= 0) {
            g.setFill(palette().color(PlotPalette.Role.HIGHLIGHT, 0.6));
            double x0 = Math.floor(a.x() + pointed * slot);
            g.fillRect(x0, a.y(), Math.max(1, Math.floor(a.x() + (pointed + 1) * slot) - x0), a.height());
        }
        Color series = palette().color(PlotPalette.Role.SERIES_1);
        int i = 0;
        while (i < n) {
            if (steps.get(i) == null) {
                g.setFill(palette().color(PlotPalette.Role.PLACEHOLDER, 0.7));
                g.fillRect(Math.round(centre.applyAsDouble(i) - box / 2), a.y(), Math.round(box), a.height());
                i++;
                continue;
            }
            int end = i;
            while (end + 1 < n && steps.get(end + 1) != null) {
                end++;
            }
            if (end == i) {
                paintBox(g, steps.get(i), centre.applyAsDouble(i), box, toY, series);
            } else {
                paintRun(g, i, end, centre, toY, series);
            }
            i = end + 1;
        }

        String[] xLabels = new String[n];
        double[] xValues = new double[n];
        for (int s = 0; s < n; s++) {
            xLabels[s] = labels.get(s).isEmpty() ? Integer.toString(s + 1) : labels.get(s);
            xValues[s] = s;
        }
        axes.xAxis(a, xValues, xLabels, centre);
        paintKey(g, axes, a, series);
    }

    /** Steps {@code from..to} (all computed): the bands as areas through their centres, the median as a line. */
    private void paintRun(GraphicsContext g, int from, int to, DoubleUnaryOperator centre, DoubleUnaryOperator toY,
                          Color series) {
        for (double[] band : BANDS) {
            g.setFill(fade(series, band[2]));
            g.beginPath();
            boolean started = false;
            for (int i = from; i <= to; i++) {
                double v = q(steps.get(i), band[1]);
                if (Double.isNaN(v)) {
                    started = false;
                    break;
                }
                if (started) {
                    g.lineTo(centre.applyAsDouble(i), toY.applyAsDouble(v));
                } else {
                    g.moveTo(centre.applyAsDouble(i), toY.applyAsDouble(v));
                    started = true;
                }
            }
            for (int i = to; i >= from && started; i--) {
                double v = q(steps.get(i), band[0]);
                if (Double.isNaN(v)) {
                    started = false;
                    break;
                }
                g.lineTo(centre.applyAsDouble(i), toY.applyAsDouble(v));
            }
            if (started) {
                g.closePath();
                g.fill();
            }
        }
        g.setStroke(series);
        g.setLineWidth(2);
        g.beginPath();
        for (int i = from; i <= to; i++) {
            double y = toY.applyAsDouble(q(steps.get(i), 50));
            if (i == from) {
                g.moveTo(centre.applyAsDouble(i), y);
            } else {
                g.lineTo(centre.applyAsDouble(i), y);
            }
        }
        g.stroke();
        g.setFill(series);
        for (int i = from; i <= to; i++) {
            g.fillOval(centre.applyAsDouble(i) - 2.5, toY.applyAsDouble(q(steps.get(i), 50)) - 2.5, 5, 5);
        }
    }

    /** A step alone: its bands as nested boxes, the median across them. */
    private void paintBox(GraphicsContext g, Percentiles p, double x, double width, DoubleUnaryOperator toY,
                          Color series) {
        double left = Math.round(x - width / 2);
        double w = Math.round(width);
        for (int b = 0; b < BANDS.length; b++) {
            double lo = q(p, BANDS[b][0]);
            double hi = q(p, BANDS[b][1]);
            if (Double.isNaN(lo) || Double.isNaN(hi)) {
                continue;
            }
            double inset = b * Math.min(4, w / 8); // inner bands a little narrower, so each edge shows
            double top = Math.round(toY.applyAsDouble(hi));
            g.setFill(fade(series, BANDS[b][2]));
            g.fillRect(left + inset, top, w - 2 * inset, Math.max(1, Math.round(toY.applyAsDouble(lo)) - top));
        }
        g.setStroke(series);
        g.setLineWidth(2);
        double y = toY.applyAsDouble(q(p, 50));
        g.strokeLine(left - 4, y, left + w + 4, y); // wider than the box: it reads as the median, not a band's edge
    }

    /** The key in the title line, right-aligned: a swatch per band and the median's line. */
    private void paintKey(GraphicsContext g, AxisPainter axes, PlotArea a, Color series) {
        g.setFont(axes.font());
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.CENTER);
        double y = Math.max(axes.lineHeight() / 2, a.y() - 4 - axes.lineHeight() / 2);
        double x = a.right();
        for (int b = 0; b <= BANDS.length; b++) { // right to left: median, 25–75, 5–95, min–max
            String text = b == 0 ? "median" : BAND_NAMES[BANDS.length - b];
            x -= PlotText.width(axes.font(), text);
            g.setFill(palette().color(PlotPalette.Role.TEXT));
            g.fillText(text, x, y);
            x -= 16;
            if (b == 0) {
                g.setStroke(series);
                g.setLineWidth(2);
                g.strokeLine(x, y, x + 12, y);
            } else {
                g.setFill(fade(series, cumulative(BANDS.length - b)));
                g.fillRect(x, y - 5, 12, 10);
            }
            x -= 12;
        }
    }

    /** How opaque band {@code b} looks where it lies over the bands outside it. */
    private static double cumulative(int b) {
        double clear = 1;
        for (int i = 0; i <= b; i++) {
            clear *= 1 - BANDS[i][2];
        }
        return 1 - clear;
    }

    private static Color fade(Color c, double opacity) {
        return Color.color(c.getRed(), c.getGreen(), c.getBlue(), c.getOpacity() * opacity);
    }
}
