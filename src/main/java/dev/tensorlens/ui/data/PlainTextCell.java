package dev.tensorlens.ui.data;

import javafx.scene.control.ContentDisplay;
import javafx.scene.control.TableCell;
import javafx.scene.text.Text;

/**
 * A table cell that shows its string in a {@link Text} node of its own instead of as the cell's text. Changing a
 * Labeled's text goes through its skin (the children rebuilt, the text measured, clipped and run through bidi), and a
 * page turn of the data table changes hundreds of cells at once; changing a Text node's string re-measures that one
 * node. The node takes the cell's font and text fill, so the cell's CSS (selection included) still colours it, and the
 * cell's alignment places it. Its string has no style class, so it adds nothing to match against the stylesheets.
 */
final class PlainTextCell<S> extends TableCell<S, String> {

    private final Text text = new Text();

    PlainTextCell() {
        text.fontProperty().bind(fontProperty());
        text.fillProperty().bind(textFillProperty());
        setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
        setGraphic(text);
    }

    @Override
    protected void updateItem(String item, boolean empty) {
        super.updateItem(item, empty);
        text.setText(empty || item == null ? "" : item);
    }

    /** What the cell shows. */
    String shownText() {
        return text.getText();
    }
}
