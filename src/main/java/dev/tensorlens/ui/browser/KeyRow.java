package dev.tensorlens.ui.browser;

import dev.tensorlens.redis.Keys;
import dev.tensorlens.ui.common.HumanReadable;
import dev.tensorlens.ui.common.KeyFacts;
import javafx.scene.control.TableRow;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseEvent;

import java.util.ArrayList;
import java.util.List;

/**
 * A row of the key table, with one tooltip for the whole row: the whole name (cells cut long names), what the key
 * holds for an ML user, and its type and facts in words. The tooltip is made when the pointer first comes onto the
 * row and its text when it shows: a tooltip per cell, made with the cell, was most of the cost of the table's first
 * screenful (five per row, each a popup control with its own styles).
 */
final class KeyRow extends TableRow<KeyTreeModel.Row> {

    private final KeyDetails details;

    KeyRow(KeyDetails details) {
        this.details = details;
        addEventHandler(MouseEvent.MOUSE_ENTERED, e -> {
            if (getTooltip() == null && getItem() != null) {
                Tooltip tip = new Tooltip();
                tip.setOnShowing(s -> tip.setText(describe(getItem())));
                setTooltip(tip);
            }
        });
        itemProperty().addListener((obs, old, row) -> {
            if (row == null) {
                setTooltip(null); // a filler row below the listing says nothing
            } else if (getTooltip() != null && getTooltip().isShowing()) {
                getTooltip().setText(describe(row)); // the wheel moved another key under the pointer
            }
        });
    }

    private String describe(KeyTreeModel.Row row) {
        if (row == null) {
            return "";
        }
        List<String> lines = new ArrayList<>();
        lines.add(Keys.display(row.bytes()) + (row.folder() ? "  (" + HumanReadable.count(row.count())
                + (row.count() == 1 ? " key)" : " keys)") : ""));
        KeyDetails.Details d = row.folder() ? null : details.get(row.bytes());
        if (d != null) {
            d.kind().ifPresent(k -> lines.add(k.detail()));
            if (d.info().exists()) {
                lines.add(d.info().type() + " · " + KeyFacts.summary(d.info()));
            }
        }
        return String.join("\n", lines);
    }
}
