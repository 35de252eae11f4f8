package dev.tensorlens.ui.datasets;

import dev.tensorlens.redis.ClassBalance;
import javafx.collections.FXCollections;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The class balance of every split side by side: one group of bars per class, one bar per split, each the share of
 * that split's labelled ids, so splits of different sizes compare at a glance (a class missing from test stands out
 * as a gap). Many classes are cut to the {@value #MOST} most frequent, and the axis says so.
 * <p>
 * One chart for the view's life, made with the view (so the window made ahead styles its axes and legend): each count
 * (after every edit, on F5, for the next dataset) is written into it. When the splits and the classes drawn are the
 * ones already there, only the bars' values, the legend and the readouts change; otherwise the series are replaced.
 * <p>
 * One tooltip serves every bar, reworded as the pointer enters one (each bar keeps its sentence as the data's extra
 * value): a tooltip per bar made 30–120 popup controls whenever the series were replaced, most of a 90 ms frame on
 * a slow machine when a dataset's balance first arrived.
 */
final class BalanceChart {

    /** Classes drawn at most: beyond that the bars are too thin to read. */
    static final int MOST = 40;

    private final CategoryAxis x = new CategoryAxis();
    private final NumberAxis y = new NumberAxis();
    private final BarChart<String, Number> chart = new BarChart<>(x, y);
    /** The splits and classes drawn now, in order: the shape a new count must have to be written into the bars. */
    private List<String> drawnSplits = List.of();
    private List<String> drawnClasses = List.of();
    /** The readout of the bar under the pointer. */
    private final Tooltip hover = new Tooltip();

    BalanceChart() {
        y.setLabel("% of the split");
        chart.setId("class-balance-chart");
        chart.setAnimated(false);
        chart.setBarGap(1);
        chart.setPrefHeight(240);
        chart.setMinHeight(200);
        HBox.setHgrow(chart, Priority.ALWAYS);
    }

    BarChart<String, Number> node() {
        return chart;
    }

    /** Draws {@code report}: in the bars already there when it has the same splits and classes. */
    void show(ClassBalance.BalanceReport report) {
        List<String> classes = report.classes();
        String axisLabel = "class";
        if (classes.size() > MOST) {
            Map<String, Long> totals = new HashMap<>();
            report.countsBySplit().values().forEach(counts -> counts.forEach((c, n) -> totals.merge(c, n, Long::sum)));
            List<String> top = classes.stream().sorted(Comparator.comparingLong((String c) -> -totals.getOrDefault(c, 0L)))
                    .limit(MOST).toList();
            Set<String> kept = new HashSet<>(top);
            classes = classes.stream().filter(kept::contains).toList(); // keeps their natural order
            axisLabel = String.format(Locale.ROOT, "class (the %d most frequent of %,d)", MOST, report.classes().size());
        }
        x.setLabel(axisLabel);
        chart.setCategoryGap(classes.size() > 20 ? 4 : 10);
        List<String> splits = new ArrayList<>(report.countsBySplit().keySet());
        boolean same = splits.equals(drawnSplits) && classes.equals(drawnClasses);
        if (!same) {
            chart.getData().clear();
            x.setCategories(FXCollections.observableArrayList(classes));
        }
        int s = 0;
        for (Map.Entry<String, Map<String, Long>> split : report.countsBySplit().entrySet()) {
            long total = split.getValue().values().stream().mapToLong(Long::longValue).sum();
            XYChart.Series<String, Number> series = same ? chart.getData().get(s++) : new XYChart.Series<>();
            series.setName(split.getKey() + String.format(Locale.ROOT, " (%,d)", total));
            List<XYChart.Data<String, Number>> bars = new ArrayList<>(classes.size());
            for (int i = 0; i < classes.size(); i++) {
                String c = classes.get(i);
                long n = split.getValue().getOrDefault(c, 0L);
                double share = total == 0 ? 0 : 100.0 * n / total;
                String tip = String.format(Locale.ROOT, "%s, class %s: %,d ids (%.1f%% of %s)", split.getKey(), c, n,
                        share, split.getKey());
                if (same) {
                    XYChart.Data<String, Number> bar = series.getData().get(i);
                    bar.setYValue(share);
                    bar.setExtraValue(tip);
                } else {
                    bars.add(bar(c, share, tip));
                }
            }
            if (!same) {
                series.getData().setAll(bars);
                chart.getData().add(series);
            }
        }
        drawnSplits = List.copyOf(splits);
        drawnClasses = List.copyOf(classes);
    }

    /** The tooltip every bar shares; it reads the bar under the pointer. */
    Tooltip hover() {
        return hover;
    }

    /** One bar, its readout kept beside it (the extra value) for the shared tooltip and for the next count. */
    private XYChart.Data<String, Number> bar(String category, double share, String tip) {
        XYChart.Data<String, Number> bar = new XYChart.Data<>(category, share, tip);
        bar.nodeProperty().addListener((obs, old, node) -> {
            if (old != null) {
                Tooltip.uninstall(old, hover);
            }
            if (node != null) {
                Tooltip.install(node, hover);
                node.setOnMouseEntered(e -> hover.setText(String.valueOf(bar.getExtraValue())));
            }
        });
        return bar;
    }
}
