package dev.tensorlens.ui.plots;

import dev.tensorlens.tensor.DType;
import dev.tensorlens.tensor.Tensor;
import dev.tensorlens.ui.common.Themes;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The statistics pane alone in a window with the app's theme and app.css, as another view would use it: fed a
 * {@link TensorDetail}, it shows the eight cards and the histogram, in the look of plots.css that it loads itself.
 */
@ExtendWith(ApplicationExtension.class)
class TensorStatsPaneTest {

    TensorStatsPane pane;
    Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        Themes.apply(false);
        pane = new TensorStatsPane();
        VBox root = new VBox(pane);
        root.setPadding(new Insets(14, 16, 14, 16));
        Scene scene = new Scene(root, 520, 420);
        scene.getStylesheets().add(Themes.APP_CSS); // not plots.css: the plots bring that themselves
        stage.setScene(scene);
        stage.setX(0);
        stage.setY(0);
        stage.setWidth(520);
        stage.setHeight(420);
        stage.show();
    }

    @Test
    void showsTheEightStatisticsAndTheHistogramInCardsStyledByPlotsCss(FxRobot robot) {
        TensorDetail d = TensorDetail.of(float32(0, 1, 2, 3, Float.NaN, Float.POSITIVE_INFINITY));
        robot.interact(() -> pane.show(d));
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(texts(".stat-title")).containsExactly("Elements", "Zeros", "NaN", "±Inf", "Min", "Max", "Mean", "Std");
        assertThat(texts(".stat-value")).startsWith("6", "1 (16.7%)", "1", "1 / 0", "0.00000", "3.00000");
        assertThat(pane.lookupAll(".hist-bar")).hasSize(TensorDetail.BINS);
        assertThat(texts(".muted")).contains("0.00000  …  3.00000  in 48 bins · NaN and ±Inf left out");

        // wide: four columns, each card its title over its value; narrow: two, title and value on one line. The
        // padding is plots.css's, which the scene does not load: the cards brought it
        StatCards cards = (StatCards) pane.lookup(".tensor-stats");
        Region card = (Region) pane.lookup(".tensor-stat");
        robot.interact(() -> stage.setWidth(1000));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(cards.columns(cards.getWidth())).isEqualTo(4);
        assertThat(card.getPadding()).isEqualTo(new Insets(7, 10, 7, 10));
        robot.interact(() -> stage.setWidth(360));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(cards.columns(cards.getWidth())).isEqualTo(2);
        assertThat(card.getPadding()).isEqualTo(new Insets(6, 10, 6, 10));
    }

    @Test
    void saysWhenItIsComputingAndWhenThereIsNothingToPlot(FxRobot robot) {
        robot.interact(() -> pane.showComputing());
        assertThat(pane.lookupAll(".tensor-stat")).isEmpty();
        assertThat(texts(".muted")).contains("Computing statistics…");

        robot.interact(() -> pane.show(TensorDetail.of(float32(Float.NaN, Float.NaN))));
        assertThat(texts(".stat-value")).startsWith("2", "0 (0.0%)", "2");
        assertThat(pane.lookupAll(".hist-bar")).isEmpty();
        assertThat(texts(".muted")).contains("No finite values: nothing to plot.");

        robot.interact(() -> pane.clear());
        assertThat(pane.lookupAll(".tensor-stat")).isEmpty();
        assertThat(texts(".muted")).allMatch(String::isEmpty);
    }

    private List<String> texts(String selector) {
        return pane.lookupAll(selector).stream().filter(n -> n instanceof Label).map(n -> ((Label) n).getText()).toList();
    }

    private static Tensor float32(float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return Tensor.view("t", DType.FLOAT32, new long[] {values.length}, b.array(), 0);
    }
}
