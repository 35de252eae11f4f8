package dev.tensorlens.ui.datasets;

import dev.tensorlens.mlstate.DatasetSplits;
import dev.tensorlens.mlstate.RedisType;
import dev.tensorlens.redis.RedisErrors;
import dev.tensorlens.ui.common.UiExecutor;
import javafx.beans.binding.Bindings;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.cell.CheckBoxListCell;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import javafx.util.StringConverter;
import org.controlsfx.control.CheckListView;
import org.controlsfx.validation.ValidationSupport;
import org.controlsfx.validation.Validator;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Groups sets into a dataset by hand: a name, a key pattern to find sets and sorted sets with ({@code SCAN … TYPE}),
 * and a checklist of what was found. Each checked set becomes a split named after the end of its key.
 */
final class GroupSetsDialog {

    /** The user's grouping: a dataset name and its splits. */
    record Grouping(String name, List<DatasetSplits.Split> splits) {
    }

    private final Dialog<Grouping> dialog = new Dialog<>();
    private final TextField name = new TextField();
    private final TextField pattern = new TextField("*");
    private final CheckListView<DatasetSplits.Split> found = new CheckListView<>();
    private final Label status = new Label();
    private final Function<String, CompletableFuture<List<DatasetSplits.Split>>> finder;
    private final UiExecutor ui;
    private CompletableFuture<List<DatasetSplits.Split>> searching;

    GroupSetsDialog(Window owner, Function<String, CompletableFuture<List<DatasetSplits.Split>>> finder, UiExecutor ui) {
        this.finder = finder;
        this.ui = ui;
        dialog.initOwner(owner);
        dialog.setTitle("Group sets into a dataset");
        dialog.setHeaderText("Which sets are the splits of one dataset?");
        dialog.getDialogPane().setId("group-sets-dialog");
        name.setId("group-name");
        name.setPromptText("Dataset name, such as mnist");
        pattern.setId("group-pattern");
        pattern.setPromptText("Key pattern, such as mnist*");
        Button search = new Button("Find sets", new FontIcon(Feather.SEARCH));
        search.setId("group-search");
        search.setOnAction(e -> find());
        pattern.setOnAction(e -> find());
        HBox.setHgrow(pattern, Priority.ALWAYS);
        found.setId("group-sets");
        found.setPrefHeight(240);
        found.setCellFactory(list -> new CheckBoxListCell<>(found::getItemBooleanProperty,
                new StringConverter<>() {
                    @Override
                    public String toString(DatasetSplits.Split s) {
                        return s == null ? "" : s.key() + String.format(Locale.ROOT, "   (%s, %,d ids → split \"%s\")",
                                s.type() == RedisType.ZSET ? "sorted set" : "set", s.size(), s.name());
                    }

                    @Override
                    public DatasetSplits.Split fromString(String text) {
                        return null;
                    }
                }));
        status.getStyleClass().add("muted");
        status.setWrapText(true);

        ButtonType group = new ButtonType("Group", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().setAll(ButtonType.CANCEL, group);
        VBox content = new VBox(8, new Label("Dataset name"), name,
                new Label("Find sets whose keys match"), new HBox(8, pattern, search), found, status);
        content.setPrefWidth(600); // room for a key, its size and the split it becomes
        dialog.getDialogPane().setContent(content);
        ValidationSupport validation = new ValidationSupport();
        // not marked "required" up front (a red corner on an empty form reads as an error); flagged once typed empty
        validation.registerValidator(name, false, Validator.createEmptyValidator("The dataset needs a name"));
        Button ok = (Button) dialog.getDialogPane().lookupButton(group);
        ok.disableProperty().bind(validation.invalidProperty()
                .or(Bindings.isEmpty(found.getCheckModel().getCheckedItems())));
        dialog.setResultConverter(button -> button == group
                ? new Grouping(name.getText().trim(), List.copyOf(found.getCheckModel().getCheckedItems())) : null);
        dialog.setOnHidden(e -> {
            if (searching != null) {
                searching.cancel(true);
            }
        });
        find();
    }

    private void find() {
        if (searching != null) {
            searching.cancel(true);
        }
        String text = pattern.getText().isBlank() ? "*" : pattern.getText().trim();
        status.setText("Looking for sets matching " + text + "…");
        CompletableFuture<List<DatasetSplits.Split>> mine = finder.apply(text);
        searching = mine;
        mine.whenComplete((sets, failure) -> ui.execute(() -> {
            if (searching != mine || mine.isCancelled()) {
                return;
            }
            if (failure != null) {
                status.setText(RedisErrors.describe("Finding sets", failure));
                return;
            }
            found.getItems().setAll(sets);
            status.setText(sets.isEmpty() ? "No set or sorted set matches " + text + "."
                    : String.format(Locale.ROOT, "%,d found. Check the ones that belong to the dataset.", sets.size()));
        }));
    }

    Optional<Grouping> showAndWait() {
        return dialog.showAndWait();
    }
}
