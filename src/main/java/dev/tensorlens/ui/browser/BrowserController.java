package dev.tensorlens.ui.browser;

import atlantafx.base.controls.CustomTextField;
import dev.tensorlens.ui.browser.value.ValuePane;
import dev.tensorlens.ui.common.EmptyState;
import dev.tensorlens.ui.common.Format;
import dev.tensorlens.ui.common.Navigator;
import javafx.animation.PauseTransition;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.StackPane;
import javafx.util.Duration;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.ArrayList;
import java.util.List;

/** Binds the browser's FXML to {@link BrowserModel}: filters, the key table, the scan bar. */
public final class BrowserController {

    /** How long typing must pause before the pattern starts a new scan. */
    static final Duration TYPING_PAUSE = Duration.millis(250);
    static final double ROW_HEIGHT = 28;

    @FXML private StackPane root;
    @FXML private SplitPane split;
    @FXML private Label targetLabel;
    @FXML private ToggleButton liveButton;
    @FXML private Button refreshButton;
    @FXML private CustomTextField patternField;
    @FXML private ComboBox<String> typeBox;
    @FXML private ToggleButton treeButton;
    @FXML private ToggleButton listButton;
    @FXML private TextField delimiterField;
    @FXML private Button collapseButton;
    @FXML private javafx.scene.control.MenuButton optionsButton;
    @FXML private ProgressBar scanProgress;
    @FXML private Label scanStatus;
    @FXML private Button stopButton;
    @FXML private Label messageLabel;
    @FXML private javafx.scene.layout.HBox bulkBar;
    @FXML private ProgressBar bulkProgress;
    @FXML private Label bulkStatus;
    @FXML private Button bulkStopButton;
    @FXML private TableView<KeyTreeModel.Row> keyTable;
    @FXML private TableColumn<KeyTreeModel.Row, KeyTreeModel.Row> nameColumn;
    @FXML private TableColumn<KeyTreeModel.Row, KeyTreeModel.Row> typeColumn;
    @FXML private TableColumn<KeyTreeModel.Row, KeyTreeModel.Row> sizeColumn;
    @FXML private TableColumn<KeyTreeModel.Row, KeyTreeModel.Row> memoryColumn;
    @FXML private TableColumn<KeyTreeModel.Row, KeyTreeModel.Row> ttlColumn;
    @FXML private StackPane valueSide;

    private final BrowserModel model;
    private final Navigator navigator;
    private final ValuePane valuePane;
    private final EmptyState notConnected = new EmptyState();
    private final PauseTransition typing = new PauseTransition(TYPING_PAUSE);
    /** True while the rows are being replaced: selection events then are the table's, not the user's. */
    private boolean restoringSelection;

    public BrowserController(BrowserModel model, Navigator navigator) {
        this.model = model;
        this.navigator = navigator;
        this.valuePane = new ValuePane(model.value());
    }

    @FXML
    private void initialize() {
        root.setId("browser-view");
        targetLabel.textProperty().bind(Bindings.createStringBinding(() -> {
            var p = model.session().profileProperty().get();
            return p == null ? "" : p.displayName() + " · db" + p.database();
        }, model.session().profileProperty()));
        refreshButton.setOnAction(e -> model.rescan());
        bindLive();
        refreshButton.disableProperty().bind(model.session().sessionProperty().isNull());

        bindFilters();
        bindScanBar();
        bindTable();
        bindValueSide();
        KeyActionsView actionsView = new KeyActionsView(model, keyTable, navigator);
        actionsView.fillValueActions(valuePane.actions());
        actionsView.attachToTable();

        notConnected.show(Feather.LINK, "Not connected", "Connect to a Redis server to browse its keys.")
                .withAction("Open connections…", navigator::openConnectionManager);
        root.getChildren().add(notConnected);
        notConnected.visibleProperty().bind(model.phaseProperty().isEqualTo(BrowserModel.ScanPhase.NOT_CONNECTED));
        split.visibleProperty().bind(notConnected.visibleProperty().not());
    }

    private void bindFilters() {
        patternField.setId("key-pattern");
        patternField.setLeft(new FontIcon(Feather.SEARCH));
        patternField.textProperty().bindBidirectional(model.patternProperty());
        typing.setOnFinished(e -> model.rescan());
        patternField.textProperty().addListener((obs, old, text) -> typing.playFromStart());
        patternField.setOnAction(e -> {
            typing.stop();
            model.rescan();
        });
        patternField.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.DOWN) {
                keyTable.requestFocus();
                if (keyTable.getSelectionModel().isEmpty() && !keyTable.getItems().isEmpty()) {
                    keyTable.getSelectionModel().select(0);
                }
                e.consume();
            } else if (e.getCode() == KeyCode.ESCAPE && !patternField.getText().isEmpty()) {
                patternField.clear();
                e.consume();
            }
        });

        typeBox.setId("key-type");
        typeBox.getItems().add(null);
        typeBox.getItems().addAll(BrowserModel.TYPES);
        typeBox.setButtonCell(new TypeCell());
        typeBox.setCellFactory(list -> new TypeCell());
        typeBox.valueProperty().bindBidirectional(model.typeProperty());
        typeBox.valueProperty().addListener((obs, old, type) -> model.rescan());

        ToggleGroup mode = new ToggleGroup();
        treeButton.setToggleGroup(mode);
        listButton.setToggleGroup(mode);
        treeButton.setId("tree-mode");
        listButton.setId("list-mode");
        KeyTreeModel tree = model.tree();
        treeButton.setSelected(tree.modeProperty().get() == KeyTreeModel.Mode.TREE);
        listButton.setSelected(!treeButton.isSelected());
        tree.modeProperty().addListener((obs, old, m) -> (m == KeyTreeModel.Mode.FLAT ? listButton : treeButton).setSelected(true));
        mode.selectedToggleProperty().addListener((obs, old, toggle) -> {
            if (toggle == null) {
                old.setSelected(true); // one of the two is always on
            } else {
                tree.modeProperty().set(toggle == listButton ? KeyTreeModel.Mode.FLAT : KeyTreeModel.Mode.TREE);
            }
        });

        delimiterField.setId("delimiter-field");
        delimiterField.setText(String.valueOf(tree.delimiterProperty().get()));
        delimiterField.disableProperty().bind(listButton.selectedProperty());
        delimiterField.textProperty().addListener((obs, old, text) -> {
            if (text.length() > 1) {
                delimiterField.setText(text.substring(text.length() - 1));
            } else if (text.length() == 1) {
                char c = text.charAt(0);
                if (c <= 0x7F && !Character.isDigit(c)) {
                    tree.setDelimiter(c);
                    delimiterField.pseudoClassStateChanged(atlantafx.base.theme.Styles.STATE_DANGER, false);
                } else {
                    delimiterField.pseudoClassStateChanged(atlantafx.base.theme.Styles.STATE_DANGER, true);
                }
            }
        });
        collapseButton.setOnAction(e -> tree.collapseAll());
        tree.delimiterProperty().addListener((obs, old, c) -> {
            if (!delimiterField.getText().equals(String.valueOf(c))) {
                delimiterField.setText(String.valueOf(c));
            }
        });
        bindOptions();
        collapseButton.disableProperty().bind(listButton.selectedProperty());
    }

    private void bindScanBar() {
        scanProgress.setId("scan-progress");
        scanStatus.setId("scan-status");
        stopButton.setId("stop-scan");
        scanProgress.progressProperty().bind(model.progressProperty());
        scanStatus.textProperty().bind(model.statusProperty());
        var scanning = model.phaseProperty().isEqualTo(BrowserModel.ScanPhase.SCANNING);
        stopButton.visibleProperty().bind(scanning);
        stopButton.managedProperty().bind(scanning);
        scanProgress.visibleProperty().bind(scanning);
        scanProgress.managedProperty().bind(scanning);
        stopButton.setOnAction(e -> model.stopScan());

        KeyActions actions = model.actions();
        bulkBar.setId("bulk-bar");
        bulkBar.visibleProperty().bind(actions.bulkRunningProperty());
        bulkBar.managedProperty().bind(bulkBar.visibleProperty());
        bulkProgress.progressProperty().bind(actions.bulkProgressProperty());
        bulkStatus.textProperty().bind(actions.bulkStatusProperty());
        bulkStopButton.setId("bulk-stop");
        bulkStopButton.setOnAction(e -> actions.stopBulk());

        // one line for what the user should know now: an action's outcome, else a scan error, else a hint
        messageLabel.setId("browser-message");
        LiveUpdates live = model.live();
        messageLabel.textProperty().bind(Bindings.createStringBinding(() -> firstOf(
                actions.messageProperty().get(), model.errorProperty().get(), live.messageProperty().get(),
                model.hintProperty().get()),
                actions.messageProperty(), model.errorProperty(), live.messageProperty(), model.hintProperty()));
        messageLabel.visibleProperty().bind(messageLabel.textProperty().isNotEmpty());
        messageLabel.managedProperty().bind(messageLabel.visibleProperty());
        Runnable style = () -> {
            boolean error = actions.messageProperty().get() != null ? actions.failedProperty().get()
                    : model.errorProperty().get() != null || live.messageProperty().get() != null;
            messageLabel.getStyleClass().removeAll("error-text", "muted");
            messageLabel.getStyleClass().add(error ? "error-text" : "muted");
        };
        messageLabel.textProperty().addListener((obs, old, text) -> style.run());
        style.run();
    }

    /** Settings menu: how big a value may be before it is read only on request. */
    private void bindOptions() {
        optionsButton.setId("browser-options");
        var threshold = model.value().bigValueThresholdProperty();
        ToggleGroup sizes = new ToggleGroup();
        javafx.scene.control.MenuItem title = new javafx.scene.control.MenuItem("Read values without asking up to");
        title.setDisable(true);
        optionsButton.getItems().add(title);
        for (long bytes : new long[] {256L << 10, 1L << 20, 10L << 20, 100L << 20}) {
            javafx.scene.control.RadioMenuItem item = new javafx.scene.control.RadioMenuItem(Format.bytes(bytes));
            item.setToggleGroup(sizes);
            item.setSelected(threshold.get() == bytes);
            threshold.addListener((obs, old, now) -> item.setSelected(now.longValue() == bytes));
            item.setOnAction(e -> threshold.set(bytes));
            optionsButton.getItems().add(item);
        }
    }

    /** The Live toggle: on follows keyspace notifications, asking first when they are off on the server. */
    private void bindLive() {
        LiveUpdates live = model.live();
        liveButton.setId("live-button");
        liveButton.disableProperty().bind(model.session().sessionProperty().isNull());
        liveButton.setOnAction(e -> {
            if (liveButton.isSelected()) {
                live.start();
            } else {
                live.stop();
            }
        });
        KeyDialogs dialogs = new KeyDialogs(liveButton);
        live.stateProperty().addListener((obs, old, state) -> {
            liveButton.setSelected(state != LiveUpdates.State.OFF && state != LiveUpdates.State.FAILED);
            liveButton.pseudoClassStateChanged(atlantafx.base.theme.Styles.STATE_SUCCESS, state == LiveUpdates.State.ON);
            liveButton.setText(state == LiveUpdates.State.ON ? "Live · on" : "Live");
            if (state == LiveUpdates.State.NEEDS_CONSENT) {
                // asked after this change is applied, not inside it
                javafx.application.Platform.runLater(() -> {
                    if (live.stateProperty().get() == LiveUpdates.State.NEEDS_CONSENT) {
                        if (dialogs.confirmNotifications(live.flagsProperty().get())) {
                            live.enableAndStart();
                        } else {
                            live.decline();
                        }
                    }
                });
            }
        });
    }

    private static String firstOf(String... texts) {
        for (String t : texts) {
            if (t != null && !t.isEmpty()) {
                return t;
            }
        }
        return "";
    }

    private void bindTable() {
        KeyTreeModel tree = model.tree();
        keyTable.setId("key-table");
        keyTable.setItems(tree.rows());
        keyTable.setFixedCellSize(ROW_HEIGHT);
        keyTable.getSelectionModel().setSelectionMode(SelectionMode.SINGLE);
        keyTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        keyTable.setPlaceholder(new Label("No keys"));
        model.phaseProperty().addListener((obs, old, phase) -> keyTable.setPlaceholder(new Label(
                phase == BrowserModel.ScanPhase.SCANNING ? "Scanning…" : "No keys")));

        nameColumn.setCellValueFactory(cell -> new javafx.beans.property.ReadOnlyObjectWrapper<>(cell.getValue()));
        KeyDetails details = model.details();
        nameColumn.setCellFactory(column -> new KeyNameCell(tree::toggle, details));
        for (var column : List.of(typeColumn, sizeColumn, memoryColumn, ttlColumn)) {
            column.setCellValueFactory(nameColumn.getCellValueFactory());
        }
        typeColumn.setCellFactory(column -> new DetailCell(details, d -> d.info().type()));
        sizeColumn.setCellFactory(column -> new DetailCell(details, d -> RowFacts.size(d.info())));
        memoryColumn.setCellFactory(column -> new DetailCell(details, d -> RowFacts.memory(d.info())));
        ttlColumn.setCellFactory(column -> new DetailCell(details, d -> RowFacts.ttl(d.info())));
        watchVisibleRows();

        // The table clears its selection whenever the rows are replaced (every scan publish); that is not the user
        // leaving the key, so only a row counts. The key stays open until another is picked.
        keyTable.getSelectionModel().selectedItemProperty().addListener((obs, old, row) -> {
            if (!restoringSelection && row != null) {
                model.select(row);
            }
        });
        // A scan or a live update replaces the rows as a whole; put the selection back on the same key.
        tree.rows().addListener((ListChangeListener<KeyTreeModel.Row>) change -> restoreSelection());

        keyTable.addEventFilter(KeyEvent.KEY_PRESSED, this::onTableKey);
        keyTable.setOnMouseClicked(e -> {
            KeyTreeModel.Row row = keyTable.getSelectionModel().getSelectedItem();
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && row != null && row.folder()) {
                tree.toggle(row);
            }
        });
    }

    /** The selected key's value; for a folder, what it holds; with nothing selected, how to start. */
    private void bindValueSide() {
        EmptyState nothing = new EmptyState();
        nothing.setId("value-side-empty");
        valueSide.getChildren().addAll(valuePane.root(), nothing);
        Runnable update = () -> {
            KeyTreeModel.Row row = model.selectedProperty().get();
            boolean key = row != null && !row.folder();
            valuePane.root().setVisible(key);
            nothing.setVisible(!key);
            if (row == null) {
                nothing.show(Feather.MOUSE_POINTER, "No key selected",
                        "Pick a key to see its value. Tensors are decoded and summarised; big values are read only when you ask.");
            } else if (row.folder()) {
                nothing.show(Feather.FOLDER, row.name(), Format.count(row.count())
                        + (row.count() == 1 ? " key" : " keys") + " under " + dev.tensorlens.redis.Keys.display(row.bytes())
                        + " in this listing.");
            }
        };
        model.selectedProperty().addListener((obs, old, row) -> update.run());
        update.run();
    }

    /**
     * Tells the model which keys are on screen whenever that may have changed (scrolling, new rows, resizing),
     * after a short pause so that a fast scroll does not send a batch for every frame.
     */
    private void watchVisibleRows() {
        PauseTransition settle = new PauseTransition(Duration.millis(60));
        settle.setOnFinished(e -> model.details().show(visibleKeys()));
        Runnable later = settle::playFromStart;
        keyTable.skinProperty().addListener((obs, old, skin) -> {
            if (keyTable.lookup(".virtual-flow") instanceof VirtualFlow<?> flow) {
                flow.positionProperty().addListener((o, a, b) -> later.run());
            }
        });
        keyTable.heightProperty().addListener((obs, old, h) -> later.run());
        model.tree().rows().addListener((ListChangeListener<KeyTreeModel.Row>) change -> later.run());
        model.details().staleProperty().addListener((obs, old, g) -> later.run()); // forgotten: ask again
    }

    private List<byte[]> visibleKeys() {
        List<byte[]> keys = new ArrayList<>();
        if (keyTable.lookup(".virtual-flow") instanceof VirtualFlow<?> flow
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
        restoringSelection = true;
        try {
            if (wanted == null) {
                keyTable.getSelectionModel().clearSelection();
                return;
            }
            int index = model.tree().indexOf(wanted.bytes(), wanted.folder());
            if (index >= 0) {
                keyTable.getSelectionModel().clearAndSelect(index);
                keyTable.getFocusModel().focus(index); // the table drops its focus on a replacement; arrows start here
            } else {
                keyTable.getSelectionModel().clearSelection();
            }
        } finally {
            restoringSelection = false;
        }
    }

    /** Right opens a folder, Left closes it (or goes to the parent folder), Enter toggles. */
    private void onTableKey(KeyEvent e) {
        KeyTreeModel.Row row = keyTable.getSelectionModel().getSelectedItem();
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
            keyTable.getSelectionModel().clearAndSelect(index);
            keyTable.scrollTo(Math.max(0, index - 3));
        }
    }

    /** Ctrl+F: the value's collection filter when the focus is in the value pane, else the key pattern. */
    void focusSearch() {
        if (valuePane.hasFocus() && valuePane.focusFilter()) {
            return;
        }
        patternField.requestFocus();
        patternField.selectAll();
    }

    public StackPane root() {
        return root;
    }

    StackPane valueSide() {
        return valueSide;
    }

    TableView<KeyTreeModel.Row> keyTable() {
        return keyTable;
    }

    /** "Any type" for null, else the type's word. */
    private static final class TypeCell extends ListCell<String> {
        @Override
        protected void updateItem(String type, boolean empty) {
            super.updateItem(type, empty);
            setText(empty ? null : type == null ? "Any type" : type);
        }
    }
}
