package dev.tensorlens.ui.browser;

import javafx.beans.value.ChangeListener;
import javafx.beans.value.WeakChangeListener;
import javafx.scene.control.TableCell;

import java.util.function.Function;

/**
 * A key row's type, size, memory or TTL: empty for folders and until the row's details arrive; redrawn when
 * {@link KeyDetails} learns something.
 */
final class DetailCell extends TableCell<KeyTreeModel.Row, KeyTreeModel.Row> {

    private final KeyDetails details;
    private final Function<KeyDetails.Details, String> text;
    private final ChangeListener<Number> redraw = (obs, old, gen) -> draw(getItem());

    DetailCell(KeyDetails details, Function<KeyDetails.Details, String> text) {
        this.details = details;
        this.text = text;
        // weak: the table makes new cells now and then (a new skin, a resize) and the old ones must be let go
        details.generationProperty().addListener(new WeakChangeListener<>(redraw));
    }

    @Override
    protected void updateItem(KeyTreeModel.Row row, boolean empty) {
        super.updateItem(row, empty);
        draw(empty ? null : row);
    }

    private void draw(KeyTreeModel.Row row) {
        if (row == null || row.folder()) {
            setText(null);
            return;
        }
        KeyDetails.Details d = details.get(row.bytes());
        setText(d == null ? "" : d.info().exists() ? text.apply(d) : "gone"); // in words: the row's tooltip (KeyRow)
    }
}
