package dev.tensorlens.ui.browser;

import javafx.beans.InvalidationListener;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.List;

/**
 * The rows the key table holds: a window of {@link #capacity()} consecutive rows of the whole listing, from row
 * {@link #top()}. JavaFX's virtualised table walks its items when it jumps (estimating sizes row by row, even with a
 * fixed cell size), so a jump across ten million rows took hundreds of milliseconds; the table only ever holds one
 * screenful here, and a scroll bar of our own maps to the whole listing. Moving the window costs one screenful of
 * rows, wherever it goes. FX thread (or, before the window shows, the thread making it).
 */
final class KeyWindow {

    private final ObservableList<KeyTreeModel.Row> all;
    private final ObservableList<KeyTreeModel.Row> shown = FXCollections.observableArrayList();
    private final IntegerProperty top = new SimpleIntegerProperty(this, "top");
    private final IntegerProperty capacity = new SimpleIntegerProperty(this, "capacity", 30);
    private final ReadOnlyIntegerWrapper total = new ReadOnlyIntegerWrapper(this, "total");
    private final ReadOnlyIntegerWrapper lastTop = new ReadOnlyIntegerWrapper(this, "lastTop");
    /** True while placeholder rows are shown (see {@link #showPlaceholders}). */
    private boolean placeholders;

    /** @param all the whole listing, made on demand row by row (the {@link RowList}) */
    KeyWindow(ObservableList<KeyTreeModel.Row> all) {
        this.all = all;
        InvalidationListener refill = o -> refill();
        all.addListener(refill);
        top.addListener(refill);
        capacity.addListener(refill);
        refill();
    }

    /** The rows on screen, replaced as a whole when the window moves or the listing changes under it. */
    ObservableList<KeyTreeModel.Row> shown() {
        return shown;
    }

    /** Index in the whole listing of the first row shown; kept within [0, {@link #lastTopProperty()}]. */
    IntegerProperty top() {
        return top;
    }

    /** How many rows fit on screen: the window's length when the listing is long enough. */
    IntegerProperty capacity() {
        return capacity;
    }

    ReadOnlyIntegerProperty totalProperty() {
        return total.getReadOnlyProperty();
    }

    /** The largest {@link #top()}: the one that shows the listing's last row at the bottom. */
    ReadOnlyIntegerProperty lastTopProperty() {
        return lastTop.getReadOnlyProperty();
    }

    /** Moves the window by {@code rows} (negative: up), stopping at either end. */
    void scrollBy(int rows) {
        top.set(clamp((long) top.get() + rows, lastTop.get()));
    }

    /** Moves the window as little as possible so that row {@code index} of the listing is on screen. */
    void reveal(int index) {
        if (index < top.get()) {
            top.set(index);
        } else if (index >= top.get() + capacity.get()) {
            top.set(clamp((long) index - capacity.get() + 1, lastTop.get()));
        }
    }

    /** Where row {@code index} of the listing is in {@link #shown()}, or -1 when it is off screen. */
    int windowIndex(int index) {
        int at = index - top.get();
        return index >= 0 && at >= 0 && at < shown.size() ? at : -1;
    }

    /**
     * Shows {@code rows} instead of the listing until the action returned is run (the window's first layout makes
     * their cells: see {@code KeyTable#showPlaceholders}); meanwhile the window does not refill, whatever changes, and
     * {@link #showsPlaceholders()} says so, their clearing included.
     */
    Runnable showPlaceholders(List<KeyTreeModel.Row> rows) {
        placeholders = true;
        shown.setAll(rows);
        return () -> {
            shown.clear();
            placeholders = false;
            refill();
        };
    }

    /** True while {@link #shown()} holds placeholder rows, or is being emptied of them. */
    boolean showsPlaceholders() {
        return placeholders;
    }

    private void refill() {
        if (placeholders) {
            return;
        }
        int size = all.size();
        int length = Math.max(1, capacity.get());
        total.set(size);
        lastTop.set(Math.max(0, size - length));
        int first = clamp(top.get(), lastTop.get());
        if (first != top.get()) {
            top.set(first); // refills through the listener
            return;
        }
        List<KeyTreeModel.Row> rows = new ArrayList<>(Math.min(length, size - first));
        for (int i = first; i < Math.min(size, first + length); i++) {
            rows.add(all.get(i));
        }
        // a scan publishes every 100 ms, and the rows on screen often stay the same (a folder's count aside): rows
        // that did not change are not set again, so the table keeps its cells (and its selection) as they were
        if (!rows.equals(shown)) {
            shown.setAll(rows);
        }
    }

    private static int clamp(long value, int max) {
        return (int) Math.max(0, Math.min(max, value));
    }
}
