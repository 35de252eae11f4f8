package dev.tensorlens.ui.common;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.TreeCell;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;

import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A catalogue row: a name (bold for a group) and a muted detail beside it ({@code 3 splits}, {@code float32 (32, 64)}),
 * with a tooltip. The texts come from functions of the item, so the cell is reused as the tree scrolls.
 */
public final class NameDetailCell<T> extends TreeCell<T> {

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
        detail.getStyleClass().add("muted");
        box.setAlignment(Pos.CENTER_LEFT);
    }

    @Override
    protected void updateItem(T item, boolean isEmpty) {
        super.updateItem(item, isEmpty);
        if (isEmpty || item == null) {
            setGraphic(null);
            setText(null);
            setTooltip(null);
            return;
        }
        name.setText(nameOf.apply(item));
        name.setStyle(isGroup.test(item) ? "-fx-font-weight: bold;" : null);
        detail.setText(detailOf.apply(item));
        setGraphic(box);
        setText(null);
        String tip = tooltipOf.apply(item);
        if (tip == null) {
            setTooltip(null);
        } else if (getTooltip() == null) {
            setTooltip(new Tooltip(tip));
        } else {
            getTooltip().setText(tip);
        }
    }
}
