package dev.tensorlens.ui.datasets;

import dev.tensorlens.redis.ClassBalance;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The class balance of every split side by side: one group of bars per class, one bar per split, each the share of
 * that split's labelled ids, so splits of different sizes compare at a glance (a class missing from test stands out
 * as a gap). Many classes are cut to the {@value #MOST} most frequent, and the axis says so.
 */
final class BalanceChart {

    /** Classes drawn at most: beyond that the bars are too thin to read. */
    static final int MOST = 40;

    private BalanceChart() {
    }

    static BarChart<String, Number> of(ClassBalance.BalanceReport report) {
        List<String> classes = report.classes();
        String axisLabel = "class";
        if (classes.size() > MOST) {
            Map<String, Long> totals = new java.util.HashMap<>();
            report.countsBySplit().values().forEach(counts -> counts.forEach((c, n) -> totals.merge(c, n, Long::sum)));
            List<String> top = classes.stream().sorted(Comparator.comparingLong((String c) -> -totals.getOrDefault(c, 0L)))
                    .limit(MOST).toList();
            classes = classes.stream().filter(top::contains).toList(); // keeps their natural order
            axisLabel = String.format(Locale.ROOT, "class (the %d most frequent of %,d)", MOST, report.classes().size());
        }
        CategoryAxis x = new CategoryAxis();
        x.setLabel(axisLabel);
        x.setCategories(javafx.collections.FXCollections.observableArrayList(classes));
        NumberAxis y = new NumberAxis();
        y.setLabel("% of the split");
        BarChart<String, Number> chart = new BarChart<>(x, y);
        chart.setId("class-balance-chart");
        chart.setAnimated(false);
        chart.setCategoryGap(classes.size() > 20 ? 4 : 10);
        chart.setBarGap(1);
        chart.setPrefHeight(240);
        chart.setMinHeight(200);
        for (Map.Entry<String, Map<String, Long>> split : report.countsBySplit().entrySet()) {
            long total = split.getValue().values().stream().mapToLong(Long::longValue).sum();
            XYChart.Series<String, Number> series = new XYChart.Series<>();
            series.setName(split.getKey() + String.format(Locale.ROOT, " (%,d)", total));
            for (String c : classes) {
                long n = split.getValue().getOrDefault(c, 0L);
                XYChart.Data<String, Number> bar = new XYChart.Data<>(c, total == 0 ? 0 : 100.0 * n / total);
                String tip = String.format(Locale.ROOT, "%s, class %s: %,d ids (%.1f%% of %s)", split.getKey(), c, n,
                        total == 0 ? 0 : 100.0 * n / total, split.getKey());
                bar.nodeProperty().addListener((obs, old, node) -> {
                    if (node != null) {
                        Tooltip.install(node, new Tooltip(tip));
                    }
                });
                series.getData().add(bar);
            }
            chart.getData().add(series);
        }
        HBox.setHgrow(chart, Priority.ALWAYS);
        return chart;
    }
}
