package dev.tensorlens.ui.browser;

import javafx.animation.PauseTransition;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Orientation;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;
import javafx.util.Duration;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The key table: its columns and cells, the selection kept on the same key while scans replace the rows, the rows
 * on screen reported for their details, and the keyboard's tree moves (Right opens a folder, Left closes it or goes
 * to the parent, Enter toggles).
 *
 * <p>The table holds only the rows on screen ({@link KeyWindow}); the scroll bar beside it, the mouse wheel and the
 * moving keys (arrows, Page Up/Down, Home, End) move that window over the whole listing, so that a jump anywhere in
 * ten million keys costs one screenful of cells. The selection lives in the model by key: the table shows it when
 * it is on screen.
 */
final class KeyTable {

    static final double ROW_HEIGHT = 28;

    private final BrowserModel model;
    private final TableView<KeyTreeModel.Row> table;
    private final ScrollBar scroll;
    /** The bar and, above it, a corner as tall as the column headers: shown only when the listing is longer than the screen. */
    private final Region scrollSide;
    private final Region scrollCorner;
    private final KeyWindow window;
    /** More than a tall screen holds. */
    private static final int PLACEHOLDER_ROWS = 48;
    /** True while the rows are being replaced: selection events then are the table's, not the user's. */
    private boolean restoringSelection;
    /** Wheel movement smaller than a row, kept for the next event. */
    private double wheelPixels;
    /** The listing is being rebuilt another way: show the open key when its rows come. */
    private boolean revealOnNextRows;

    KeyTable(BrowserModel model, TableView<KeyTreeModel.Row> table, ScrollBar scroll, Region scrollSide,
             Region scrollCorner) {
        this.model = model;
        this.table = table;
        this.scroll = scroll;
        this.scrollSide = scrollSide;
        this.scrollCorner = scrollCorner;
        this.window = new KeyWindow(model.tree().rows());
    }

    void bind(TableColumn<KeyTreeModel.Row, KeyTreeModel.Row> name, TableColumn<KeyTreeModel.Row, KeyTreeModel.Row> type,
              TableColumn<KeyTreeModel.Row, KeyTreeModel.Row> size, TableColumn<KeyTreeModel.Row, KeyTreeModel.Row> memory,
              TableColumn<KeyTreeModel.Row, KeyTreeModel.Row> ttl) {
        KeyTreeModel tree = model.tree();
        table.setId("key-table");
        table.setItems(window.shown());
        table.setFixedCellSize(ROW_HEIGHT);
        table.getSelectionModel().setSelectionMode(SelectionMode.SINGLE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.setPlaceholder(new Label("No keys"));
        model.phaseProperty().addListener((obs, old, phase) -> table.setPlaceholder(new Label(
                phase == BrowserModel.ScanPhase.SCANNING ? "Scanning…" : "No keys")));

        name.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue()));
        KeyDetails details = model.details();
        table.setRowFactory(t -> new KeyRow(details));
        name.setCellFactory(column -> new KeyNameCell(tree::toggle, details));
        for (var column : List.of(type, size, memory, ttl)) {
            column.setCellValueFactory(name.getCellValueFactory());
        }
        type.setCellFactory(column -> new DetailCell(details, d -> d.info().type()));
        size.setCellFactory(column -> new DetailCell(details, d -> RowFacts.size(d.info())));
        memory.setCellFactory(column -> new DetailCell(details, d -> RowFacts.memory(d.info())));
        ttl.setCellFactory(column -> new DetailCell(details, d -> RowFacts.ttl(d.info())));
        bindScrolling();
        watchVisibleRows();

        // The table may lose its selection whenever its rows are replaced (the window moved, a scan published); that
        // is not the user leaving the key, so only a row counts. The key stays open until another is picked.
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, row) -> {
            if (!restoringSelection && row != null) {
                model.select(row);
            }
        });
        // Put the selection back on the same key whenever the rows on screen are replaced.
        window.shown().addListener((ListChangeListener<KeyTreeModel.Row>) change -> {
            if (!window.showsPlaceholders()) {
                restoreSelection();
            }
        });
        // A new listing starts at its top; the same keys listed another way (tree or flat, another delimiter) come
        // back with the open key on screen once their rows are built.
        model.phaseProperty().addListener((obs, old, phase) -> {
            if (phase == BrowserModel.ScanPhase.SCANNING) {
                window.top().set(0);
            }
        });
        tree.modeProperty().addListener((obs, old, mode) -> revealOnNextRows = true);
        tree.delimiterProperty().addListener((obs, old, delimiter) -> revealOnNextRows = true);
        tree.rows().addListener((ListChangeListener<KeyTreeModel.Row>) change -> {
            if (revealOnNextRows) {
                revealOnNextRows = false;
                int index = selectedIndex();
                window.reveal(Math.max(0, index));
            }
        });
        // Another part of the browser moved the selection (a rename, a delete): follow it, onto the screen.
        model.selectedProperty().addListener((obs, old, row) -> {
            int index = row == null ? -1 : tree.indexOf(row.bytes(), row.folder());
            if (index >= 0) {
                window.reveal(index);
            }
            restoreSelection();
        });

        table.addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
        table.setOnMouseClicked(e -> {
            KeyTreeModel.Row row = table.getSelectionModel().getSelectedItem();
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && row != null && row.folder()) {
                tree.toggle(row);
            }
        });
    }

    /** From the pattern field's Down key: into the table, on its first row shown when no row on screen is selected. */
    void enter() {
        table.requestFocus();
        if (table.getSelectionModel().isEmpty() && !window.shown().isEmpty()) {
            select(window.top().get());
        }
    }

    /**
     * The scroll bar maps to the whole listing (its value is the first row shown); the wheel moves the window; the
     * window is as long as the rows that fit, so the table itself never scrolls.
     */
    private void bindScrolling() {
        scroll.setId("key-scroll");
        scroll.setOrientation(Orientation.VERTICAL);
        scroll.setMin(0);
        scroll.setUnitIncrement(1);
        scroll.setMinWidth(Region.USE_PREF_SIZE); // beside a table that would take every pixel
        scroll.maxProperty().bind(window.lastTopProperty());
        scroll.blockIncrementProperty().bind(window.capacity());
        // the thumb's share of the track is the share of the listing on screen
        scroll.visibleAmountProperty().bind(Bindings.createDoubleBinding(() -> window.totalProperty().get() == 0 ? 0
                        : (double) window.lastTopProperty().get() * window.capacity().get() / window.totalProperty().get(),
                window.lastTopProperty(), window.capacity(), window.totalProperty()));
        scrollSide.visibleProperty().bind(window.lastTopProperty().greaterThan(0));
        scrollSide.managedProperty().bind(scrollSide.visibleProperty());
        scroll.valueProperty().addListener((obs, old, value) -> window.top().set((int) Math.round(value.doubleValue())));
        window.top().addListener((obs, old, top) -> {
            if (Math.round(scroll.getValue()) != top.intValue()) {
                scroll.setValue(top.intValue());
            }
        });
        table.addEventFilter(ScrollEvent.SCROLL, e -> {
            wheelPixels -= e.getDeltaY();
            int rows = (int) (wheelPixels / ROW_HEIGHT);
            if (rows != 0) {
                wheelPixels -= rows * ROW_HEIGHT;
                window.scrollBy(rows);
            }
            e.consume();
        });
        table.skinProperty().addListener((obs, old, skin) -> {
            if (table.lookup(".virtual-flow") instanceof Region flow) {
                flow.heightProperty().addListener((o, a, h) ->
                        window.capacity().set(Math.max(1, (int) Math.floor(h.doubleValue() / ROW_HEIGHT))));
            }
            if (table.lookup(".column-header-background") instanceof Region header) {
                // the bar starts below the column headers, where a table's own bar would
                scrollCorner.minHeightProperty().bind(header.heightProperty());
            }
        });
    }

    /**
     * Shows a screenful of placeholder rows until the action returned is run: the window, made before it shows (see
     * {@code MainWindow.prepare}), then styles and lays out the rows' cells off the FX thread, and the first keys of a
     * connection find their cells made (the table keeps its cells when its rows change). The rows go through the
     * window's own list, so the table's listeners on it stay first (its selection model's before {@link
     * #restoreSelection()}); this class's own listeners ignore them.
     */
    Runnable showPlaceholders() {
        KeyTreeModel.Row placeholder = new KeyTreeModel.Row(0, false, " ", 0, false, new byte[] {' '});
        return window.showPlaceholders(Collections.nCopies(PLACEHOLDER_ROWS, placeholder));
    }

    /**
     * Tells the model which keys are on screen whenever that may have changed (scrolling, new rows, resizing),
     * after a short pause so that a fast scroll does not send a batch for every frame.
     */
    private void watchVisibleRows() {
        PauseTransition settle = new PauseTransition(Duration.millis(60));
        settle.setOnFinished(e -> model.details().show(visibleKeys()));
        Runnable later = settle::playFromStart;
        window.shown().addListener((ListChangeListener<KeyTreeModel.Row>) change -> {
            if (!window.showsPlaceholders()) {
                later.run();
            }
        });
        model.details().staleProperty().addListener((obs, old, g) -> later.run()); // forgotten: ask again
    }

    private List<byte[]> visibleKeys() {
        List<byte[]> keys = new ArrayList<>();
        for (KeyTreeModel.Row row : window.shown()) {
            if (!row.folder()) {
                keys.add(row.bytes());
            }
        }
        return keys;
    }

    private void restoreSelection() {
        KeyTreeModel.Row wanted = model.selectedProperty().get();
        KeyTreeModel.Row shown = table.getSelectionModel().getSelectedItem();
        if (wanted != null && wanted.equals(shown)) {
            return;
        }
        int at = wanted == null ? -1 : window.windowIndex(model.tree().indexOf(wanted.bytes(), wanted.folder()));
        restoringSelection = true;
        try {
            if (at >= 0) {
                table.getSelectionModel().clearAndSelect(at);
                table.getFocusModel().focus(at); // the table drops its focus on a replacement
            } else {
                table.getSelectionModel().clearSelection(); // off screen, or gone: the model still knows the key
            }
        } finally {
            restoringSelection = false;
        }
        if (at >= 0 && !window.shown().get(at).equals(wanted)) {
            model.select(window.shown().get(at)); // the same key or folder, now opened, closed or counted anew
        }
    }

    /** Selects row {@code index} of the whole listing, moving the window to it. */
    private void select(int index) {
        window.reveal(index);
        int at = window.windowIndex(index);
        if (at >= 0) {
            table.getSelectionModel().clearAndSelect(at);
            table.getFocusModel().focus(at);
        }
    }

    /** The selected key's row in the whole listing, or -1. */
    private int selectedIndex() {
        KeyTreeModel.Row row = model.selectedProperty().get();
        return row == null ? -1 : model.tree().indexOf(row.bytes(), row.folder());
    }

    private void onKey(KeyEvent e) {
        if (!e.isAltDown() && !e.isShiftDown() && move(e.getCode())) {
            e.consume();
            return;
        }
        // the row as listed now (the model's copy may say a folder is closed that has opened since), brought on
        // screen before it changes
        int at = selectedIndex();
        if (at < 0) {
            return;
        }
        KeyTreeModel tree = model.tree();
        KeyTreeModel.Row row = tree.rows().get(at);
        if (e.getCode() == KeyCode.RIGHT || e.getCode() == KeyCode.LEFT || e.getCode() == KeyCode.ENTER) {
            select(at);
        }
        switch (e.getCode()) {
            case RIGHT -> {
                if (row.folder() && !row.expanded()) {
                    tree.expand(row.bytes());
                    e.consume();
                }
            }
            case LEFT -> {
                if (row.folder() && row.expanded()) {
                    tree.collapse(row.bytes());
                } else {
                    selectParent(row);
                }
                e.consume();
            }
            case ENTER -> {
                if (row.folder()) {
                    tree.toggle(row);
                    e.consume();
                }
            }
            default -> { }
        }
    }

    /** The moving keys, over the whole listing rather than the table's window; false for any other key. */
    private boolean move(KeyCode code) {
        int total = window.totalProperty().get();
        if (total == 0) {
            return false;
        }
        int at = selectedIndex();
        int page = Math.max(1, window.capacity().get() - 1);
        int to = switch (code) {
            case DOWN -> at < 0 ? window.top().get() : at + 1;
            case UP -> at < 0 ? window.top().get() : at - 1;
            case PAGE_DOWN -> at < 0 ? window.top().get() : at + page;
            case PAGE_UP -> at < 0 ? window.top().get() : at - page;
            case HOME -> 0;
            case END -> total - 1;
            default -> Integer.MIN_VALUE;
        };
        if (to == Integer.MIN_VALUE) {
            return false;
        }
        select(Math.max(0, Math.min(total - 1, to)));
        return true;
    }

    private void selectParent(KeyTreeModel.Row row) {
        byte delimiter = (byte) model.tree().delimiterProperty().get().charValue();
        byte[] parent = KeyTreeModel.parentOf(row.bytes(), row.folder(), delimiter);
        if (parent.length == 0) {
            return; // at the root already
        }
        int index = model.tree().indexOf(parent, true);
        if (index >= 0) {
            window.reveal(Math.max(0, index - 3));
            select(index);
        }
    }
}
