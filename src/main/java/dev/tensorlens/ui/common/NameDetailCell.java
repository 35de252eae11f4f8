package dev.tensorlens.ui.common;

import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;

import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A catalogue row: a name (bold for a group) and a muted detail beside it ({@code 3 splits}, {@code float32 (32, 64)}),
 * with a tooltip. The texts come from functions of the item, so the cell is reused as the tree scrolls.
 * <p>
 * Reuse is kept cheap, as a catalogue fills while the user watches: a group is a pseudo-class (an inline style
 * restyles the label from the stylesheets at every change), and the rows of a tree share one tooltip that reads the
 * row under the pointer (a tooltip per row made 20–40 popup controls whenever a catalogue first filled the tree). An
 * empty row holds no name and detail at all: most rows of a short catalogue are empty, and nodes kept hidden in them
 * would be walked at every frame and restyled with the whole scene.
 */
public final class NameDetailCell<T> extends TreeCell<T> {

    /** {@code :group}, on a row that heads others (a model, a dataset, a prefix): its name is bold (app.css). */
    private static final PseudoClass GROUP = PseudoClass.getPseudoClass("group");
    /** Where a tree keeps the tooltip its rows share. */
    private static final String SHARED_TOOLTIP = NameDetailCell.class.getName() + ".tooltip";

    private final Label name = new Label();
    private final Label detail = new Label();
    private final HBox box = new HBox(8, name, detail);
    private final Function<T, String> nameOf;
    private final Function<T, String> detailOf;
    private final Predicate<T> isGroup;
    private final Function<T, String> tooltipOf;

    /** @param tooltipOf the tooltip's text, or null for none */
    public NameDetailCell(Function<T, String> nameOf, Function<T, String> detailOf, Predicate<T> isGroup,
                          Function<T, String> tooltipOf) {
        this.nameOf = nameOf;
        this.detailOf = detailOf;
        this.isGroup = isGroup;
        this.tooltipOf = tooltipOf;
        getStyleClass().add("name-detail-cell");
        name.getStyleClass().add("name-detail-name");
        detail.getStyleClass().add("muted");
        box.setAlignment(Pos.CENTER_LEFT);
        setOnMouseEntered(e -> showTip());
    }

    @Override
    protected void updateItem(T item, boolean isEmpty) {
        super.updateItem(item, isEmpty);
        setText(null);
        if (isEmpty || item == null) {
            setGraphic(null);
            setTooltip(null);
            return;
        }
        name.setText(nameOf.apply(item));
        detail.setText(detailOf.apply(item));
        name.pseudoClassStateChanged(GROUP, isGroup.test(item));
        setGraphic(box);
        String tip = tooltipOf.apply(item);
        Tooltip shared = sharedTooltip();
        if (tip == null || shared == null) {
            setTooltip(null);
        } else {
            setTooltip(shared);
            if (isHover()) {
                shared.setText(tip); // the tree scrolled under the pointer
            }
        }
    }

    /** The tooltip now showing this row's text: set as the pointer enters the row. */
    private void showTip() {
        T item = getItem();
        String tip = isEmpty() || item == null ? null : tooltipOf.apply(item);
        if (tip != null && getTooltip() != null) {
            getTooltip().setText(tip);
        }
    }

    /** The one tooltip of this cell's tree, made when its first row needs one; null while the cell has no tree. */
    private Tooltip sharedTooltip() {
        TreeView<T> tree = getTreeView();
        return tree == null ? null : (Tooltip) tree.getProperties().computeIfAbsent(SHARED_TOOLTIP, k -> new Tooltip());
    }
}
