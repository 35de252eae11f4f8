package dev.tensorlens.ui.browser;

import dev.tensorlens.ui.common.LateParts;
import dev.tensorlens.ui.common.Toggles;
import atlantafx.base.controls.CustomTextField;
import atlantafx.base.theme.Styles;
import dev.tensorlens.redis.Keys;
import dev.tensorlens.ui.browser.value.ValuePane;
import dev.tensorlens.ui.common.EmptyState;
import dev.tensorlens.ui.common.HumanReadable;
import dev.tensorlens.ui.common.Navigator;
import javafx.animation.PauseTransition;
import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.controlsfx.control.SegmentedButton;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** Binds the browser's FXML to {@link BrowserModel}: the header, the filters, the scan bar, the value side. */
public final class BrowserController {

    /** How long typing must pause before the pattern starts a new scan. */
    static final Duration TYPING_PAUSE = Duration.millis(250);

    @FXML private StackPane root;
    @FXML private SplitPane split;
    @FXML private Label targetLabel;
    @FXML private ToggleButton liveButton;
    @FXML private Button refreshButton;
    @FXML private CustomTextField patternField;
    @FXML private ComboBox<String> typeBox;
    @FXML private SegmentedButton modeButtons;
    @FXML private ToggleButton treeButton;
    @FXML private ToggleButton listButton;
    @FXML private TextField delimiterField;
    @FXML private Button collapseButton;
    @FXML private MenuButton optionsButton;
    @FXML private ProgressBar scanProgress;
    @FXML private Label scanStatus;
    @FXML private Button stopButton;
    @FXML private Label messageLabel;
    @FXML private TableView<KeyTreeModel.Row> keyTable;
    @FXML private ScrollBar keyScroll;
    @FXML private VBox keyScrollSide;
    @FXML private Region keyScrollCorner;
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
    private KeyTable table;

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
        refreshButton.disableProperty().bind(model.session().sessionProperty().isNull());
        bindLive();

        table = new KeyTable(model, keyTable, keyScroll, keyScrollSide, keyScrollCorner);
        table.bind(nameColumn, typeColumn, sizeColumn, memoryColumn, ttlColumn);
        bindFilters();
        bindMode();
        bindScanBar();
        bindValueSide();
        KeyActionsView actionsView = new KeyActionsView(model, keyTable, navigator);
        actionsView.fillValueActions(valuePane.actions());
        actionsView.attachToTable();

        notConnected.show(Feather.LINK, "Not connected", "Connect to a Redis server to browse its keys.")
                .withAction("Open connections…", navigator::openConnectionManager);
        root.getChildren().add(notConnected);
        notConnected.visibleProperty().bind(model.phaseProperty().isEqualTo(BrowserModel.ScanPhase.NOT_CONNECTED));
        split.visibleProperty().bind(notConnected.visibleProperty().not());
        LateParts.mark(split); // the key and value panes, hidden until connected: the first frame does without them
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
                table.enter();
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
        bindOptions();
    }

    /** Tree or list (one always on), the delimiter for the tree, and collapsing it. */
    private void bindMode() {
        KeyTreeModel tree = model.tree();
        treeButton.setId("tree-mode");
        listButton.setId("list-mode");
        ToggleGroup mode = modeButtons.getToggleGroup();
        (tree.modeProperty().get() == KeyTreeModel.Mode.FLAT ? listButton : treeButton).setSelected(true);
        tree.modeProperty().addListener((obs, old, m) -> (m == KeyTreeModel.Mode.FLAT ? listButton : treeButton).setSelected(true));
        Toggles.keepOneSelected(mode); // one of the two is always on
        mode.selectedToggleProperty().addListener((obs, old, toggle) -> {
            if (toggle != null) {
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
                boolean usable = c <= 0x7F && !Character.isDigit(c);
                if (usable) {
                    tree.setDelimiter(c);
                }
                delimiterField.pseudoClassStateChanged(Styles.STATE_DANGER, !usable);
            }
        });
        tree.delimiterProperty().addListener((obs, old, c) -> {
            if (!delimiterField.getText().equals(String.valueOf(c))) {
                delimiterField.setText(String.valueOf(c));
            }
        });
        collapseButton.setOnAction(e -> tree.collapseAll());
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

        messageLabel.setId("browser-message");
        messageLabel.textProperty().bind(model.messageBinding());
        messageLabel.visibleProperty().bind(messageLabel.textProperty().isNotEmpty());
        messageLabel.managedProperty().bind(messageLabel.visibleProperty());
        Runnable style = () -> {
            messageLabel.getStyleClass().removeAll("error-text", "muted");
            messageLabel.getStyleClass().add(model.messageIsErrorBinding().get() ? "error-text" : "muted");
        };
        model.messageIsErrorBinding().addListener((obs, old, error) -> style.run());
        messageLabel.textProperty().addListener((obs, old, text) -> style.run());
        style.run();
    }

    /** Settings menu: how big a value may be before it is read only on request. */
    private void bindOptions() {
        optionsButton.setId("browser-options");
        var threshold = model.value().bigValueThresholdProperty();
        ToggleGroup sizes = new ToggleGroup();
        MenuItem title = new MenuItem("Read values without asking up to");
        title.setDisable(true);
        optionsButton.getItems().add(title);
        for (long bytes : new long[] {256L << 10, 1L << 20, 10L << 20, 100L << 20}) {
            RadioMenuItem item = new RadioMenuItem(HumanReadable.bytes(bytes));
            item.setToggleGroup(sizes);
            item.setSelected(threshold.get() == bytes);
            threshold.addListener((obs, old, now) -> item.setSelected(now.longValue() == bytes));
            item.setOnAction(e -> threshold.set(bytes));
            optionsButton.getItems().add(item);
        }
    }

    /** The Live toggle: on follows keyspace notifications (the model asks first when they are off on the server). */
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
        live.stateProperty().addListener((obs, old, state) -> {
            liveButton.setSelected(state != LiveUpdates.State.OFF && state != LiveUpdates.State.FAILED);
            liveButton.pseudoClassStateChanged(Styles.STATE_SUCCESS, state == LiveUpdates.State.ON);
            liveButton.setText(state == LiveUpdates.State.ON ? "Live · on" : "Live");
        });
    }

    /** The selected key's value; for a folder, what it holds; with nothing selected, how to start. */
    private void bindValueSide() {
        EmptyState nothing = new EmptyState();
        nothing.setId("value-side-empty");
        valueSide.getChildren().addAll(LateParts.mark(valuePane.root()), nothing);
        Runnable update = () -> {
            KeyTreeModel.Row row = model.selectedProperty().get();
            boolean key = row != null && !row.folder();
            valuePane.root().setVisible(key);
            nothing.setVisible(!key);
            if (row == null) {
                nothing.show(Feather.MOUSE_POINTER, "No key selected",
                        "Pick a key to see its value. Tensors are decoded and summarised; big values are read only when you ask.");
            } else if (row.folder()) {
                nothing.show(Feather.FOLDER, row.name(), HumanReadable.count(row.count())
                        + (row.count() == 1 ? " key" : " keys") + " under " + Keys.display(row.bytes())
                        + " in this listing.");
            }
        };
        model.selectedProperty().addListener((obs, old, row) -> update.run());
        update.run();
    }

    /** See {@link KeyTable#showPlaceholders()}. */
    Runnable showPlaceholderRows() {
        return table.showPlaceholders();
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
