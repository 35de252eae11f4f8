package dev.tensorlens.ui.models;

import dev.tensorlens.tensor.stats.Percentiles;
import dev.tensorlens.ui.common.EmptyState;
import dev.tensorlens.ui.plots.PercentileBands;
import javafx.beans.binding.Bindings;
import javafx.scene.control.Label;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * The picked layer across every version: percentile bands per version (min–max, 5–95, 25–75 and the median), so a
 * user sees training move the distribution, or a layer die. A version written meanwhile (Live) adds its step.
 */
final class HistoryPane extends VBox {

    HistoryPane(HistoryModel model, Executor background) {
        setId("models-history");
        getStyleClass().add("models-history");
        Label title = new Label();
        title.setId("history-title");
        title.getStyleClass().add("section-title");
        title.textProperty().bind(Bindings.createStringBinding(() -> model.layerNameProperty().get() == null ? ""
                : model.layerNameProperty().get() + " across versions", model.layerNameProperty()));
        PercentileBands bands = new PercentileBands();
        bands.setId("history-bands");
        Label readout = new Label();
        readout.getStyleClass().add("muted");
        readout.textProperty().bind(bands.readoutProperty());
        Label notes = new Label();
        notes.setId("history-notes");
        notes.getStyleClass().add("muted");
        notes.setWrapText(true);
        EmptyState empty = new EmptyState(Feather.TRENDING_UP, "Pick a layer",
                "Its distribution in every version of the model appears here, oldest first.");
        empty.visibleProperty().bind(model.layerNameProperty().isNull());
        bands.visibleProperty().bind(empty.visibleProperty().not());
        StackPane area = new StackPane(bands, empty);
        VBox.setVgrow(area, Priority.ALWAYS);
        model.stepsProperty().addListener((obs, old, steps) -> {
            List<String> labels = new ArrayList<>();
            List<Percentiles> values = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            for (HistoryModel.Step s : steps) {
                labels.add(s.version());
                values.add(s.percentiles());
                if (s.note() != null) {
                    missing.add(s.version() + ": " + s.note());
                }
            }
            bands.setSteps(labels, values);
            notes.setText(String.join("\n", missing));
        });
        getChildren().addAll(title, readout, area, notes);
    }
}
