package dev.tensorlens.ui.browser;

import dev.tensorlens.ui.common.Format;
import javafx.geometry.Pos;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.function.Consumer;

/** A row of the key table's first column: indentation, a disclosure arrow for folders, an icon, the name, a count. */
final class KeyNameCell extends TableCell<KeyTreeModel.Row, KeyTreeModel.Row> {

    private static final double INDENT = 16;

    private final Region indent = new Region();
    private final FontIcon arrow = new FontIcon();
    private final FontIcon icon = new FontIcon();
    private final Label name = new Label();
    private final Label count = new Label();
    private final Label badge = new Label();
    private final HBox box = new HBox(4, indent, arrow, icon, name, count, badge);
    private final KeyDetails details;
    private final javafx.scene.control.Tooltip tip = new javafx.scene.control.Tooltip();
    private final javafx.beans.value.ChangeListener<Number> redraw = (obs, old, gen) -> drawBadge(getItem());

    KeyNameCell(Consumer<KeyTreeModel.Row> toggle, KeyDetails details) {
        this.details = details;
        badge.getStyleClass().add("kind-badge");
        badge.setMinWidth(Region.USE_PREF_SIZE);
        badge.managedProperty().bind(badge.visibleProperty());
        details.generationProperty().addListener(new javafx.beans.value.WeakChangeListener<>(redraw)); // see DetailCell
        getStyleClass().add("key-name-cell");
        box.setAlignment(Pos.CENTER_LEFT);
        arrow.getStyleClass().add("disclosure");
        icon.getStyleClass().add("key-icon");
        count.getStyleClass().add("folder-count");
        name.setMinWidth(0);
        // the arrow toggles without changing the selection (a click on the name selects)
        arrow.setOnMouseClicked(e -> {
            if (getItem() != null) {
                toggle.accept(getItem());
                e.consume();
            }
        });
        setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
    }

    @Override
    protected void updateItem(KeyTreeModel.Row row, boolean empty) {
        super.updateItem(row, empty);
        if (empty || row == null) {
            setGraphic(null);
            setTooltip(null);
            return;
        }
        indent.setMinWidth(INDENT * row.depth());
        indent.setPrefWidth(INDENT * row.depth());
        if (row.folder()) {
            arrow.setIconCode(row.expanded() ? Feather.CHEVRON_DOWN : Feather.CHEVRON_RIGHT);
            arrow.setVisible(true);
            icon.setIconCode(Feather.FOLDER);
            count.setText(Format.count(row.count()));
            count.setVisible(true);
        } else {
            arrow.setIconCode(Feather.CHEVRON_RIGHT);
            arrow.setVisible(false);
            icon.setIconCode(Feather.KEY);
            count.setText("");
            count.setVisible(false);
        }
        name.setText(row.name());
        drawBadge(row);
        setGraphic(box);
    }

    /** The ML badge, once the row's details say what the key holds. */
    private void drawBadge(KeyTreeModel.Row row) {
        KeyDetails.Details d = row == null || row.folder() ? null : details.get(row.bytes());
        var kind = d == null ? java.util.Optional.<dev.tensorlens.mlstate.KeyKind>empty() : d.kind();
        badge.setVisible(kind.isPresent());
        badge.getStyleClass().removeAll("models", "data", "datasets", "opaque");
        kind.ifPresent(k -> {
            badge.setText(k.label());
            badge.getStyleClass().add(k.area() == dev.tensorlens.mlstate.KeyKind.Area.NONE ? "opaque"
                    : k.area().name().toLowerCase(java.util.Locale.ROOT));
        });
        if (kind.isPresent()) {
            tip.setText(kind.get().detail());
            setTooltip(tip);
        } else {
            setTooltip(null);
        }
    }
}
