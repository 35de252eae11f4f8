package dev.tensorlens.ui.data;

import dev.tensorlens.redis.ArrayReader;
import dev.tensorlens.ui.common.HumanReadable;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Strings and lists of strings: one row per item with its index — a review, a class name, a JSON list of token ids
 * (with its length, and the tokens it stands for when a vocabulary sits beside).
 */
final class TextPane extends VBox {

    /**
     * One item of the page: its text (cut to {@link #MAX_SHOWN_CHARS}), its ids when it is a JSON list of integers
     * (token ids), and its whole length in characters.
     */
    record Row(long index, String text, long[] ids, int length) {
    }

    /** Token positions shown as columns; longer sequences end in "…" (the whole list is in the text column). */
    static final int ID_COLUMNS = 32;
    private static final Pattern ID_LIST = Pattern.compile("\\[\\s*(-?\\d+\\s*(,\\s*-?\\d+\\s*)*)?\\]");

    private final TextPreview text;
    private final TableView<Row> view = new TableView<>();
    private final Label pageText = new Label();

    TextPane(DataModel model) {
        super(8);
        this.text = model.text();
        getStyleClass().add("data-text-pane");
        Button previous = PagerButtons.of(Feather.CHEVRON_LEFT, "Previous items", () -> text.turn(-1));
        Button next = PagerButtons.of(Feather.CHEVRON_RIGHT, "Next items", () -> text.turn(1));
        pageText.setId("data-text-page");
        pageText.getStyleClass().add("muted");
        HBox bar = new HBox(6, previous, pageText, next);
        bar.setAlignment(Pos.CENTER_LEFT);
        view.setId("data-text");
        view.setPlaceholder(new Label(""));
        view.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        VBox.setVgrow(view, Priority.ALWAYS);
        Label message = new Label();
        message.getStyleClass().add("muted");
        message.textProperty().bind(text.messageProperty());
        getChildren().addAll(bar, view, message);
        text.pageProperty().addListener((obs, old, p) -> show(p));
        text.vocabularyProperty().addListener((obs, old, v) -> show(text.pageProperty().get()));
    }

    private static TableColumn<Row, String> column(String title, String style, double width,
                                                   Function<Row, String> value) {
        TableColumn<Row, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        if (style != null) {
            c.getStyleClass().add(style);
        }
        c.setPrefWidth(width);
        c.setSortable(false);
        return c;
    }

    /** The integers of a JSON list such as {@code [101, 7, 9]}; null for any other item. */
    static long[] ids(String item) {
        String t = item.trim();
        if (t.length() > 1_000_000 || !ID_LIST.matcher(t).matches()) {
            return null;
        }
        String inner = t.substring(1, t.length() - 1).trim();
        if (inner.isEmpty()) {
            return new long[0];
        }
        String[] parts = inner.split(",");
        long[] ids = new long[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                ids[i] = Long.parseLong(parts[i].trim());
            }
        } catch (NumberFormatException tooBig) {
            return null;
        }
        return ids;
    }


    private void show(ArrayReader.TextPage p) {
        if (p == null) {
            view.getItems().clear();
            pageText.setText("");
            return;
        }
        long first = text.pageFirst();
        List<Row> rows = new ArrayList<>(p.items().size());
        boolean allIds = !p.items().isEmpty();
        int longest = 0;
        for (int i = 0; i < p.items().size(); i++) {
            String item = p.items().get(i);
            long[] ids = ids(item);
            allIds &= ids != null;
            longest = Math.max(longest, ids == null ? 0 : ids.length);
            rows.add(new Row(first + i, shown(item), ids, item.length()));
        }
        List<TableColumn<Row, ?>> columns = new ArrayList<>();
        columns.add(column("#", "index-column", 64, r -> Long.toString(r.index())));
        if (allIds) {
            // token ids as a table: one column per position, and the words they stand for when a vocabulary is beside
            columns.add(column("length", "number-column", 70, r -> Integer.toString(r.ids().length)));
            List<String> vocabulary = text.vocabularyProperty().get();
            if (!vocabulary.isEmpty()) {
                TableColumn<Row, String> words = column("tokens", null, 320, r -> decode(r.ids(), vocabulary));
                words.setId("data-text-tokens");
                columns.add(words);
            }
            for (int k = 0; k < Math.min(longest, ID_COLUMNS); k++) {
                int at = k;
                columns.add(column(Integer.toString(k), "number-column", 56, r -> at < r.ids().length
                        ? (at == ID_COLUMNS - 1 && r.ids().length > ID_COLUMNS ? "…" : Long.toString(r.ids()[at])) : ""));
            }
        } else {
            columns.add(column("length", "number-column", 80, r -> r.length() + " chars"));
            TableColumn<Row, String> value = column("text", null, 600, Row::text);
            value.prefWidthProperty().bind(view.widthProperty().subtract(170));
            columns.add(value);
        }
        view.getColumns().setAll(columns);
        view.getItems().setAll(rows);
        pageText.setText(p.items().isEmpty() ? "no items" : "items " + HumanReadable.count(first + 1) + "–"
                + HumanReadable.count(first + p.items().size()) + " of " + HumanReadable.count(p.total()));
    }

    /** Characters of one item shown in its cell: a cell of a whole document would stall the window laying it out. */
    static final int MAX_SHOWN_CHARS = 2000;

    private static String shown(String item) {
        return item.length() <= MAX_SHOWN_CHARS ? item
                : item.substring(0, MAX_SHOWN_CHARS) + "… (" + item.length() + " characters)";
    }

    /** The words of a list of token ids; an id the vocabulary lacks shows as {@code <id>}. */
    static String decode(long[] ids, List<String> vocabulary) {
        StringBuilder b = new StringBuilder();
        for (long id : ids) {
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(id >= 0 && id < vocabulary.size() ? vocabulary.get((int) id) : "<" + id + ">");
        }
        return b.toString();
    }

    TableView<Row> view() {
        return view;
    }
}
