package dev.tensorlens.ui.plots;

import dev.tensorlens.tensor.stats.Histogram;
import dev.tensorlens.tensor.stats.TensorStats;
import dev.tensorlens.ui.common.HumanReadable;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

import java.util.Locale;

/**
 * One tensor's statistics at a glance: eight {@link StatCards} (elements, zeros, NaN, ±Inf, min, max, mean, std), its
 * {@link HistogramBars} with the range they cover, and a note while the numbers are being computed or when there is
 * nothing to plot.
 *
 * <p>Feed it on the FX thread: compute a {@link TensorDetail} off the FX thread ({@link TensorDetail#of}), then
 * {@link #show} it; {@link #showComputing()} meanwhile, {@link #clear()} when no tensor is selected.
 */
public final class TensorStatsPane extends VBox {

    private final StatCards cards = new StatCards();
    private final HistogramBars histogram = new HistogramBars();
    private final Label histogramRange = new Label();
    private final Label note = new Label();

    public TensorStatsPane() {
        super(10);
        getStyleClass().add("tensor-stats-pane");
        histogramRange.getStyleClass().add("muted");
        histogramRange.setWrapText(true);
        note.getStyleClass().add("muted");
        note.setWrapText(true);
        Label histogramTitle = new Label("Histogram");
        histogramTitle.getStyleClass().add("section-title");
        getChildren().addAll(cards, histogramTitle, histogram, histogramRange, note);
    }

    /** Nothing: no tensor. */
    public void clear() {
        show(null);
    }

    /** Nothing yet, and a note that the statistics are on their way. */
    public void showComputing() {
        show(null);
        note.setText("Computing statistics…");
    }

    /** {@code d}'s statistics and histogram; null is the same as {@link #clear()}. */
    public void show(TensorDetail d) {
        cards.clear();
        histogram.show(null);
        histogramRange.setText("");
        note.setText("");
        if (d == null) {
            return;
        }
        TensorStats s = d.stats();
        addCards(cards, s);
        Histogram h = d.histogram();
        histogram.show(h);
        if (h != null) {
            histogramRange.setText(number(h.edges()[0]) + "  …  " + number(h.edges()[h.edges().length - 1]) + "  in "
                    + h.counts().length + " bins" + (s.nonFiniteCount() > 0 ? " · NaN and ±Inf left out" : ""));
        } else {
            note.setText("No finite values: nothing to plot.");
        }
    }

    /** The cards of {@code s}: elements, zeros, NaN, ±Inf, then min, max, mean and std. */
    public static void addCards(StatCards cards, TensorStats s) {
        cards.add("Elements", HumanReadable.count(s.count()));
        cards.add("Zeros", HumanReadable.count(s.zeros()) + String.format(Locale.ROOT, " (%.1f%%)", 100 * s.sparsity()));
        cards.add("NaN", HumanReadable.count(s.nan()));
        cards.add("±Inf", HumanReadable.count(s.posInf()) + " / " + HumanReadable.count(s.negInf()));
        cards.add("Min", number(s.min()));
        cards.add("Max", number(s.max()));
        cards.add("Mean", number(s.mean()));
        cards.add("Std", number(s.std()));
    }

    /** Six significant digits, enough to tell weights apart; a dash for NaN (no finite values). */
    static String number(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.6g", v);
    }
}
