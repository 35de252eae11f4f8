package dev.tensorlens.ui.browser;

import javafx.scene.control.TableCell;

import java.util.function.Function;

/**
 * A key row's type, size, memory or TTL: empty for folders and until the row's details arrive; redrawn when
 * {@link KeyDetails} learns something.
 */
final class DetailCell extends TableCell<KeyTreeModel.Row, KeyTreeModel.Row> {

    private final KeyDetails details;
    private final Function<KeyDetails.Details, String> text;
    private final javafx.scene.control.Tooltip tip = new javafx.scene.control.Tooltip();
    private final javafx.beans.value.ChangeListener<Number> redraw = (obs, old, gen) -> draw(getItem());

    DetailCell(KeyDetails details, Function<KeyDetails.Details, String> text) {
        this.details = details;
        this.text = text;
        // weak: the table makes new cells now and then (a new skin, a resize) and the old ones must be let go
        details.generationProperty().addListener(new javafx.beans.value.WeakChangeListener<>(redraw));
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
        setText(d == null ? "" : d.info().exists() ? text.apply(d) : "gone");
        if (d == null || !d.info().exists()) {
            setTooltip(null);
        } else {
            tip.setText(d.info().type() + " · " + dev.tensorlens.ui.common.KeyFacts.summary(d.info()));
            setTooltip(tip);
        }
    }
}
