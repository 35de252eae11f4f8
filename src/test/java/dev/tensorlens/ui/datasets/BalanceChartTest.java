package dev.tensorlens.ui.datasets;

import dev.tensorlens.redis.ClassBalance;
import dev.tensorlens.ui.common.Themes;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.tensorlens.support.UiTestSupport.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The class-balance chart is made once: a new count of the same splits and classes (after an edit, a recount) moves
 * the bars already drawn, and a count of other classes replaces the series, never the chart.
 */
@ExtendWith(ApplicationExtension.class)
class BalanceChartTest {

    private BalanceChart chart;

    @Start
    void start(Stage stage) {
        Themes.apply(false);
        chart = new BalanceChart();
        stage.setScene(new Scene(new HBox(chart.node()), 640, 320));
        stage.show();
    }

    private static ClassBalance.BalanceReport report(List<String> classes, long... trainThenTest) {
        Map<String, Long> train = new LinkedHashMap<>();
        Map<String, Long> test = new LinkedHashMap<>();
        for (int i = 0; i < classes.size(); i++) {
            train.put(classes.get(i), trainThenTest[i]);
            test.put(classes.get(i), trainThenTest[classes.size() + i]);
        }
        Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
        counts.put("train", train);
        counts.put("test", test);
        return new ClassBalance.BalanceReport(new ClassBalance.LabelSource("dataset:x:labels",
                ClassBalance.LabelSource.Kind.HASH_BY_ID, 10, "a hash"), classes, counts, Map.of());
    }

    private static String tip(XYChart.Data<String, Number> bar) {
        return (String) bar.getExtraValue();
    }

    @Test
    void aRecountOfTheSameClassesMovesTheBarsAlreadyDrawn(FxRobot robot) {
        robot.interact(() -> chart.show(report(List.of("0", "1"), 30, 10, 5, 5)));
        List<XYChart.Series<String, Number>> series = List.copyOf(chart.node().getData());
        XYChart.Data<String, Number> trainZero = series.get(0).getData().get(0);
        Node drawn = trainZero.getNode();
        assertThat(series).extracting(XYChart.Series::getName).containsExactly("train (40)", "test (10)");
        assertThat(trainZero.getYValue().doubleValue()).isEqualTo(75.0);

        robot.interact(() -> chart.show(report(List.of("0", "1"), 10, 30, 5, 15)));

        assertThat(chart.node().getData()).as("the same series").containsExactlyElementsOf(series);
        assertThat(series.get(0).getData().get(0)).as("the same bar").isSameAs(trainZero);
        assertThat(trainZero.getNode()).as("the same bar node").isSameAs(drawn);
        assertThat(trainZero.getYValue().doubleValue()).isEqualTo(25.0);
        assertThat(tip(trainZero)).isEqualTo("train, class 0: 10 ids (25.0% of train)");
        assertThat(chart.node().getData()).extracting(XYChart.Series::getName).containsExactly("train (40)", "test (20)");
    }

    @Test
    void theTooltipReadsTheBarUnderThePointer(FxRobot robot) {
        robot.interact(() -> chart.show(report(List.of("0", "1"), 30, 10, 5, 5)));
        List<XYChart.Series<String, Number>> series = List.copyOf(chart.node().getData());

        robot.moveTo(series.get(0).getData().get(0).getNode());
        assertThat(chart.hover().getText()).isEqualTo("train, class 0: 30 ids (75.0% of train)");
        robot.moveTo(series.get(1).getData().get(1).getNode());
        assertThat(chart.hover().getText()).isEqualTo("test, class 1: 5 ids (50.0% of test)");
        waitUntil(5, "the tooltip shown", () -> chart.hover().isShowing());
        assertThat(series).allSatisfy(s -> s.getData().forEach(bar ->
                assertThat(Tooltip.class.cast(bar.getNode().getProperties().get("javafx.scene.control.Tooltip")))
                        .as("every bar shares the one tooltip").isSameAs(chart.hover())));
    }

    @Test
    void otherClassesReplaceTheSeriesInTheSameChart(FxRobot robot) {
        robot.interact(() -> chart.show(report(List.of("0", "1"), 30, 10, 5, 5)));
        robot.interact(() -> chart.show(report(List.of("cat", "dog", "eel"), 1, 1, 2, 0, 0, 4)));

        assertThat(chart.node().getData()).hasSize(2);
        assertThat(chart.node().getData().get(1).getData()).extracting(XYChart.Data::getXValue)
                .containsExactly("cat", "dog", "eel");
        assertThat(chart.node().getData().get(1).getData().get(2).getYValue().doubleValue()).isEqualTo(100.0);
        assertThat(chart.node().getXAxis().getLabel()).isEqualTo("class");
    }
}
