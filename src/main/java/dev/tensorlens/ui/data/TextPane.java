package dev.tensorlens.ui.data;

import dev.tensorlens.redis.ArrayReader;
import dev.tensorlens.ui.common.HumanReadable;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.ArrayList;
import java.util.List;

/**
 * Strings and lists of strings: one row per item with its index — a review, a class name, a JSON list of token ids
 * (with its length, and the tokens it stands for when a vocabulary sits beside).
 */
final class TextPane extends VBox {

    /** One item of the page. */
    record Row(long index, String text) {
    }

    private final TextPreview text;
    private final TableView<Row> view = new TableView<>();
    private final Label pageText = new Label();

    TextPane(DataModel model) {
        super(8);
        this.text = model.text();
        getStyleClass().add("data-text-pane");
        Button previous = pager(Feather.CHEVRON_LEFT, "Previous items", () -> text.turn(-1));
        Button next = pager(Feather.CHEVRON_RIGHT, "Next items", () -> text.turn(1));
        pageText.setId("data-text-page");
        pageText.getStyleClass().add("muted");
        HBox bar = new HBox(6, previous, pageText, next);
        bar.setAlignment(Pos.CENTER_LEFT);

        TableColumn<Row, String> index = new TableColumn<>("#");
        index.setCellValueFactory(c -> new ReadOnlyStringWrapper(Long.toString(c.getValue().index())));
        index.getStyleClass().add("index-column");
        index.setPrefWidth(64);
        index.setSortable(false);
        TableColumn<Row, String> length = new TableColumn<>("length");
        length.setCellValueFactory(c -> new ReadOnlyStringWrapper(lengthOf(c.getValue().text())));
        length.getStyleClass().add("number-column");
        length.setPrefWidth(80);
        length.setSortable(false);
        TableColumn<Row, String> value = new TableColumn<>("text");
        value.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().text()));
        value.setSortable(false);
        value.prefWidthProperty().bind(view.widthProperty().subtract(index.widthProperty())
                .subtract(length.widthProperty()).subtract(20));
        view.getColumns().add(index);
        view.getColumns().add(length);
        view.getColumns().add(value);
        view.setId("data-text");
        view.setPlaceholder(new Label(""));
        VBox.setVgrow(view, Priority.ALWAYS);
        Label message = new Label();
        message.getStyleClass().add("muted");
        message.textProperty().bind(text.messageProperty());
        getChildren().addAll(bar, view, message);
        text.pageProperty().addListener((obs, old, p) -> show(p));
    }

    private static Button pager(Feather icon, String tip, Runnable action) {
        Button b = new Button(null, new FontIcon(icon));
        b.getStyleClass().add("flat");
        b.setTooltip(new Tooltip(tip));
        b.setOnAction(e -> action.run());
        return b;
    }

    /** Tokens in a JSON list of ids, characters otherwise. */
    static String lengthOf(String item) {
        String t = item.trim();
        if (t.startsWith("[") && t.endsWith("]")) {
            String inner = t.substring(1, t.length() - 1).trim();
            return inner.isEmpty() ? "0 ids" : (inner.split(",").length + " ids");
        }
        return item.length() + " chars";
    }

    private void show(ArrayReader.TextPage p) {
        if (p == null) {
            view.getItems().clear();
            pageText.setText("");
            return;
        }
        long first = text.firstProperty().get();
        List<Row> rows = new ArrayList<>(p.items().size());
        for (int i = 0; i < p.items().size(); i++) {
            rows.add(new Row(first + i, p.items().get(i)));
        }
        view.getItems().setAll(rows);
        pageText.setText(p.items().isEmpty() ? "no items" : "items " + HumanReadable.count(first + 1) + "–"
                + HumanReadable.count(first + p.items().size()) + " of " + HumanReadable.count(p.total()));
    }

    TableView<Row> view() {
        return view;
    }
}
