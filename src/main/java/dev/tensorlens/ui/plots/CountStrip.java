package dev.tensorlens.ui.plots;

import dev.tensorlens.tensor.stats.Histogram;
import dev.tensorlens.tensor.stats.SharedBins;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The strip beside a histogram that counts what is not in its bins: NaN, +Inf, −Inf ("NaN 2"; "NaN 2 → 5" for two
 * versions) and, when zoomed, the finite values outside the range. Only the kinds that occur are listed; the strip
 * hides when there are none.
 */
final class CountStrip extends VBox {

    private final Label title = new Label("Not in bins");

    CountStrip() {
        super(2);
        getStyleClass().add("plot-count-strip");
        title.getStyleClass().add("plot-count-title");
        setVisible(false);
        setMaxHeight(Region.USE_PREF_SIZE); // as tall as its lines, not the plot
    }

    void show(SharedBins b, boolean zoomed) {
        getChildren().clear();
        if (b != null) {
            add(b, "NaN", Histogram::nan, true);
            add(b, "+Inf", Histogram::posInf, true);
            add(b, "−Inf", Histogram::negInf, true);
            if (zoomed) {
                addLine(b.outside(), "outside", false);
            }
        }
        if (!getChildren().isEmpty()) {
            getChildren().add(0, title);
        }
        setVisible(!getChildren().isEmpty());
        requestLayout();
    }

    private void add(SharedBins b, String kind, ToLongFunction<Histogram> count, boolean danger) {
        List<Histogram> h = b.histograms();
        long[] counts = new long[h.size()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = count.applyAsLong(h.get(i));
        }
        addLine(counts, kind, danger);
    }

    private void addLine(long[] counts, String kind, boolean danger) {
        boolean any = false;
        StringBuilder text = new StringBuilder(kind).append(' ');
        for (int i = 0; i < counts.length; i++) {
            any |= counts[i] > 0;
            text.append(i == 0 ? "" : " → ").append(PlotText.count(counts[i]));
        }
        if (any) {
            Label line = new Label(text.toString());
            line.getStyleClass().addAll("plot-count", danger ? "danger" : "outside");
            line.setMinWidth(Region.USE_PREF_SIZE);
            getChildren().add(line);
        }
    }
}
