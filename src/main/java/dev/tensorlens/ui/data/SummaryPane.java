package dev.tensorlens.ui.data;

import dev.tensorlens.tensor.stats.TensorStats;
import dev.tensorlens.ui.plots.HistogramPane;
import dev.tensorlens.ui.plots.LayerBarChart;
import dev.tensorlens.ui.plots.StatCards;
import dev.tensorlens.ui.plots.TensorStatsPane;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The whole array at a glance: its statistics (streamed over every element), its histogram from the shared plot, and
 * — when labels sit beside it — the count of each class, where an unbalanced or empty class shows at once.
 */
final class SummaryPane extends VBox {

    private final DataModel model;
    private final StatCards cards = new StatCards();
    private final HistogramPane histogram;
    private final LayerBarChart balance = new LayerBarChart();
    private final Label balanceTitle = new Label("Class balance");
    private final Label balanceNote = new Label();

    SummaryPane(DataModel model, Executor background) {
        super(10);
        this.model = model;
        getStyleClass().add("data-summary-pane");
        histogram = new HistogramPane(background);
        histogram.setId("data-histogram");
        VBox.setVgrow(histogram, Priority.ALWAYS);
        ProgressBar progress = new ProgressBar();
        progress.setMaxWidth(Double.MAX_VALUE);
        progress.progressProperty().bind(model.summary().progressProperty());
        progress.visibleProperty().bind(model.summary().phaseProperty().isEqualTo(ArraySummary.Phase.COMPUTING));
        progress.managedProperty().bind(progress.visibleProperty());
        Label message = new Label();
        message.setId("data-summary-message");
        message.getStyleClass().add("muted");
        message.setWrapText(true);
        message.textProperty().bind(model.summary().messageProperty());
        cards.setId("data-summary-cards");
        balance.setId("data-class-balance");
        balance.setValueName("samples");
        balance.setBarNouns("class", "classes");
        balance.setPrefHeight(180);
        balance.setMinHeight(140);
        balanceTitle.getStyleClass().add("section-title");
        balanceNote.getStyleClass().add("muted");
        balanceNote.setWrapText(true);
        Label histogramTitle = new Label("Histogram");
        histogramTitle.getStyleClass().add("section-title");
        getChildren().addAll(progress, message, cards, histogramTitle, histogram, balanceTitle, balance, balanceNote);
        model.summary().statsProperty().addListener((obs, old, s) -> showStats(s));
        model.summary().binsProperty().addListener((obs, old, source) -> {
            if (source == null) {
                histogram.clear();
            } else {
                histogram.showSource(source, null);
            }
        });
        model.labels().labelsProperty().addListener((obs, old, l) -> showBalance(l));
        model.labels().noteProperty().addListener((obs, old, n) -> showBalance(model.labels().labelsProperty().get()));
        showBalance(null);
    }

    private void showStats(TensorStats s) {
        cards.clear();
        if (s == null) {
            return;
        }
        TensorStatsPane.addCards(cards, s);
    }

    private void showBalance(LabelsBeside.Labels labels) {
        String note = model.labels().noteProperty().get();
        boolean any = labels != null && !labels.counts().isEmpty();
        balance.setVisible(any);
        balance.setManaged(any);
        balanceTitle.setVisible(any || note != null);
        balanceTitle.setManaged(balanceTitle.isVisible());
        String idsNote = labels != null && !any ? labels.count() + " labels from " + labels.source().location().key()
                + " take more than " + LabelsBeside.MAX_DENSE_CLASSES + " values: ids rather than classes, so no "
                + "balance is drawn." : null;
        balanceNote.setText(any ? labels.count() + " labels from " + labels.source().location().key()
                + (labels.source().location().field() == null ? "" : " field " + labels.source().location().field())
                + classesNote(labels) : idsNote != null ? idsNote : note == null ? "" : note);
        balanceNote.setVisible(any || note != null || idsNote != null);
        balanceNote.setManaged(balanceNote.isVisible());
        if (!any) {
            balance.setBars(List.of());
            return;
        }
        List<LayerBarChart.Bar> bars = new ArrayList<>();
        for (Map.Entry<Long, Long> e : labels.counts().entrySet()) {
            bars.add(new LayerBarChart.Bar(labels.name(e.getKey()), e.getValue(), false));
        }
        balance.setBars(bars);
    }

    /** The smallest and largest class, so an imbalance is said and not only drawn. */
    private static String classesNote(LabelsBeside.Labels labels) {
        long min = Long.MAX_VALUE;
        long max = 0;
        for (long c : labels.counts().values()) {
            min = Math.min(min, c);
            max = Math.max(max, c);
        }
        return " · " + labels.counts().size() + " classes, " + min + "–" + max + " samples each";
    }

    HistogramPane histogram() {
        return histogram;
    }

    LayerBarChart balance() {
        return balance;
    }
}
