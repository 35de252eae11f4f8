package dev.tensorlens.ui.browser;

import javafx.animation.PauseTransition;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Label;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.util.Duration;

import java.util.ArrayList;
import java.util.List;

/**
 * The key table: its columns and cells, the selection kept on the same key while scans replace the rows, the rows
 * on screen reported for their details, and the keyboard's tree moves (Right opens a folder, Left closes it or goes
 * to the parent, Enter toggles).
 */
final class KeyTable {

    static final double ROW_HEIGHT = 28;

    private final BrowserModel model;
    private final TableView<KeyTreeModel.Row> table;
    /** True while the rows are being replaced: selection events then are the table's, not the user's. */
    private boolean restoringSelection;

    KeyTable(BrowserModel model, TableView<KeyTreeModel.Row> table) {
        this.model = model;
        this.table = table;
    }

    void bind(TableColumn<KeyTreeModel.Row, KeyTreeModel.Row> name, TableColumn<KeyTreeModel.Row, KeyTreeModel.Row> type,
              TableColumn<KeyTreeModel.Row, KeyTreeModel.Row> size, TableColumn<KeyTreeModel.Row, KeyTreeModel.Row> memory,
              TableColumn<KeyTreeModel.Row, KeyTreeModel.Row> ttl) {
        KeyTreeModel tree = model.tree();
        table.setId("key-table");
        table.setItems(tree.rows());
        table.setFixedCellSize(ROW_HEIGHT);
        table.getSelectionModel().setSelectionMode(SelectionMode.SINGLE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.setPlaceholder(new Label("No keys"));
        model.phaseProperty().addListener((obs, old, phase) -> table.setPlaceholder(new Label(
                phase == BrowserModel.ScanPhase.SCANNING ? "Scanning…" : "No keys")));

        name.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(cell.getValue()));
        KeyDetails details = model.details();
        name.setCellFactory(column -> new KeyNameCell(tree::toggle, details));
        for (var column : List.of(type, size, memory, ttl)) {
            column.setCellValueFactory(name.getCellValueFactory());
        }
        type.setCellFactory(column -> new DetailCell(details, d -> d.info().type()));
        size.setCellFactory(column -> new DetailCell(details, d -> RowFacts.size(d.info())));
        memory.setCellFactory(column -> new DetailCell(details, d -> RowFacts.memory(d.info())));
        ttl.setCellFactory(column -> new DetailCell(details, d -> RowFacts.ttl(d.info())));
        watchVisibleRows();

        // The table clears its selection whenever the rows are replaced (every scan publish); that is not the user
        // leaving the key, so only a row counts. The key stays open until another is picked.
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, row) -> {
            if (!restoringSelection && row != null) {
                model.select(row);
            }
        });
        // A scan or a live update replaces the rows as a whole; put the selection back on the same key.
        tree.rows().addListener((ListChangeListener<KeyTreeModel.Row>) change -> restoreSelection());
        // Another part of the browser moved the selection (a rename, a delete): follow it.
        model.selectedProperty().addListener((obs, old, row) -> restoreSelection());

        table.addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
        table.setOnMouseClicked(e -> {
            KeyTreeModel.Row row = table.getSelectionModel().getSelectedItem();
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && row != null && row.folder()) {
                tree.toggle(row);
            }
        });
    }

    /** From the pattern field's Down key: into the table, on its first row when nothing is selected. */
    void enter() {
        table.requestFocus();
        if (table.getSelectionModel().isEmpty() && !table.getItems().isEmpty()) {
            table.getSelectionModel().select(0);
        }
    }

    /**
     * Tells the model which keys are on screen whenever that may have changed (scrolling, new rows, resizing),
     * after a short pause so that a fast scroll does not send a batch for every frame.
     */
    private void watchVisibleRows() {
        PauseTransition settle = new PauseTransition(Duration.millis(60));
        settle.setOnFinished(e -> model.details().show(visibleKeys()));
        Runnable later = settle::playFromStart;
        table.skinProperty().addListener((obs, old, skin) -> {
            if (table.lookup(".virtual-flow") instanceof VirtualFlow<?> flow) {
                flow.positionProperty().addListener((o, a, b) -> later.run());
            }
        });
        table.heightProperty().addListener((obs, old, h) -> later.run());
        model.tree().rows().addListener((ListChangeListener<KeyTreeModel.Row>) change -> later.run());
        model.details().staleProperty().addListener((obs, old, g) -> later.run()); // forgotten: ask again
    }

    private List<byte[]> visibleKeys() {
        List<byte[]> keys = new ArrayList<>();
        if (table.lookup(".virtual-flow") instanceof VirtualFlow<?> flow
                && flow.getFirstVisibleCell() != null && flow.getLastVisibleCell() != null) {
            var rows = model.tree().rows();
            int last = Math.min(flow.getLastVisibleCell().getIndex(), rows.size() - 1);
            for (int i = Math.max(0, flow.getFirstVisibleCell().getIndex()); i <= last; i++) {
                KeyTreeModel.Row row = rows.get(i);
                if (!row.folder()) {
                    keys.add(row.bytes());
                }
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
        restoringSelection = true;
        try {
            if (wanted == null) {
                table.getSelectionModel().clearSelection();
                return;
            }
            int index = model.tree().indexOf(wanted.bytes(), wanted.folder());
            if (index >= 0) {
                table.getSelectionModel().clearAndSelect(index);
                table.getFocusModel().focus(index); // the table drops its focus on a replacement; arrows start here
            } else {
                table.getSelectionModel().clearSelection();
            }
        } finally {
            restoringSelection = false;
        }
    }

    private void onKey(KeyEvent e) {
        KeyTreeModel.Row row = table.getSelectionModel().getSelectedItem();
        if (row == null) {
            return;
        }
        KeyTreeModel tree = model.tree();
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

    private void selectParent(KeyTreeModel.Row row) {
        byte delimiter = (byte) model.tree().delimiterProperty().get().charValue();
        byte[] parent = KeyTreeModel.parentOf(row.bytes(), row.folder(), delimiter);
        if (parent.length == 0) {
            return; // at the root already
        }
        int index = model.tree().indexOf(parent, true);
        if (index >= 0) {
            table.getSelectionModel().clearAndSelect(index);
            table.scrollTo(Math.max(0, index - 3));
        }
    }
}
