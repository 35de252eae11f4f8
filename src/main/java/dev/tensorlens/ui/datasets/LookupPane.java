package dev.tensorlens.ui.datasets;

import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.List;

/** "Which split holds these ids?": paste ids, press Find (or Ctrl+Enter), read where each one is. */
final class LookupPane extends VBox {

    /** {@code :leak} on an id found in more than one split (read in bold red); {@code :nowhere} on one in none. */
    private static final PseudoClass LEAK = PseudoClass.getPseudoClass("leak");
    private static final PseudoClass NOWHERE = PseudoClass.getPseudoClass("nowhere");

    LookupPane(LookupModel model) {
        setId("datasets-lookup");
        setSpacing(8);
        TextArea ids = new TextArea();
        ids.setId("lookup-ids");
        ids.setPromptText("Paste sample ids: one per line, or separated by commas or spaces");
        ids.setPrefRowCount(5);
        Button find = new Button("Find", new FontIcon(Feather.SEARCH));
        find.setId("lookup-find");
        find.setDefaultButton(false);
        find.setOnAction(e -> model.find(ids.getText()));
        ids.setOnKeyPressed(e -> {
            if (new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN).match(e)) {
                model.find(ids.getText());
                e.consume();
            }
        });
        Label status = new Label();
        status.setId("lookup-status");
        status.getStyleClass().add("muted");
        status.setWrapText(true);
        status.textProperty().bind(model.statusProperty());
        HBox actions = new HBox(8, find, status);
        actions.setAlignment(Pos.CENTER_LEFT);

        TableView<LookupModel.Row> table = new TableView<>(model.rows());
        table.setId("lookup-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("Each id's splits show here"));
        TableColumn<LookupModel.Row, String> id = new TableColumn<>("Id");
        id.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().id()));
        id.setPrefWidth(200);
        TableColumn<LookupModel.Row, LookupModel.Row> where = new TableColumn<>("In split");
        where.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
        where.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(LookupModel.Row row, boolean empty) {
                super.updateItem(row, empty);
                boolean known = !empty && row != null;
                // pseudo-classes: a style class would restyle the cell from the stylesheets at every update
                pseudoClassStateChanged(LEAK, known && row.leaked());
                pseudoClassStateChanged(NOWHERE, known && !row.leaked() && row.splits().isEmpty());
                setText(known ? row.where() + (row.leaked() ? "  — a leak" : "") : null);
            }
        });
        table.getColumns().setAll(List.of(id, where));
        VBox.setVgrow(table, Priority.ALWAYS);
        getChildren().addAll(ids, actions, table);
    }
}
