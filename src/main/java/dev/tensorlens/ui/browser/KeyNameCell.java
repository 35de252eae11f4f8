package dev.tensorlens.ui.browser;

import dev.tensorlens.mlstate.KeyKind;
import dev.tensorlens.ui.common.HumanReadable;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.WeakChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.TableCell;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A row of the key table's first column: indentation, a disclosure arrow for folders, an icon, the name, a count.
 * A name too long for the column is cut at its start, not its end: keys that share a long prefix (a flat list of
 * {@code cache:digits:batch:0:labels}, {@code …:1:labels}) differ towards their end, which stays visible. The
 * row's tooltip has the whole name ({@link KeyRow}).
 */
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
    private final ChangeListener<Number> redraw = (obs, old, gen) -> drawBadge(getItem());

    KeyNameCell(Consumer<KeyTreeModel.Row> toggle, KeyDetails details) {
        this.details = details;
        badge.getStyleClass().add("kind-badge");
        badge.setMinWidth(Region.USE_PREF_SIZE);
        badge.managedProperty().bind(badge.visibleProperty());
        details.generationProperty().addListener(new WeakChangeListener<>(redraw)); // see DetailCell
        getStyleClass().add("key-name-cell");
        box.setAlignment(Pos.CENTER_LEFT);
        arrow.getStyleClass().add("disclosure");
        icon.getStyleClass().add("key-icon");
        count.getStyleClass().add("folder-count");
        name.setMinWidth(0);
        name.setTextOverrun(OverrunStyle.LEADING_ELLIPSIS);
        // the arrow toggles without changing the selection (a click on the name selects)
        arrow.setOnMouseClicked(e -> {
            if (getItem() != null) {
                toggle.accept(getItem());
                e.consume();
            }
        });
        setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
        setGraphic(box);
    }

    @Override
    protected void updateItem(KeyTreeModel.Row row, boolean empty) {
        super.updateItem(row, empty);
        // the graphic stays attached and is hidden when empty: taken off and put back, its six nodes had all their
        // styles worked out again each time the table moved its window (most of a jump's cost)
        box.setVisible(!empty && row != null);
        if (empty || row == null) {
            return;
        }
        indent.setMinWidth(INDENT * row.depth());
        indent.setPrefWidth(INDENT * row.depth());
        if (row.folder()) {
            arrow.setIconCode(row.expanded() ? Feather.CHEVRON_DOWN : Feather.CHEVRON_RIGHT);
            arrow.setVisible(true);
            icon.setIconCode(Feather.FOLDER);
            count.setText(HumanReadable.count(row.count()));
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
    }

    /** The ML badge, once the row's details say what the key holds. */
    private void drawBadge(KeyTreeModel.Row row) {
        if (row == null) {
            return;
        }
        KeyDetails.Details d = row.folder() ? null : details.get(row.bytes());
        Optional<KeyKind> kind = d == null ? Optional.empty() : d.kind();
        badge.setVisible(kind.isPresent());
        badge.getStyleClass().removeAll("models", "data", "datasets", "opaque");
        kind.ifPresent(k -> {
            badge.setText(k.label());
            badge.getStyleClass().add(k.area() == KeyKind.Area.NONE ? "opaque" : k.area().name().toLowerCase(Locale.ROOT));
        });
    }
}
