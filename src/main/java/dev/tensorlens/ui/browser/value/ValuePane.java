package dev.tensorlens.ui.browser.value;

import dev.tensorlens.redis.KeyInfo;
import dev.tensorlens.tensor.ChunkedBytes;
import dev.tensorlens.ui.common.EmptyState;
import dev.tensorlens.ui.common.HumanReadable;
import dev.tensorlens.ui.common.KeyFacts;
import dev.tensorlens.ui.common.LateParts;
import dev.tensorlens.ui.common.SceneStyles;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.geometry.VPos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * The right-hand side of the key browser: one key's header (name, type, size, memory, TTL, format, room for
 * the browser's edit actions) above its value — a string's tensor, text, JSON and hex views, or a collection's
 * pages. Thin: everything it shows comes from {@link ValueModel}.
 */
public final class ValuePane {

    public static final String STYLESHEET = ValuePane.class.getResource("value.css").toExternalForm();
    private static final PseudoClass FAILED = PseudoClass.getPseudoClass("failed");
    private static final PseudoClass SHOWN = PseudoClass.getPseudoClass("shown");

    private final ValueModel model;
    private final VBox root = new VBox();
    private final HBox actions = new HBox(6);
    private final EmptyState empty = new EmptyState();
    private final EmptyState guard = new EmptyState();
    private final VBox reading = new VBox(10);
    private final TabPane tabs = new TabPane();
    private final Tab tensorTab = new Tab("Tensor");
    private final Tab textTab = new Tab("Text");
    private final Tab jsonTab = new Tab("JSON");
    private final Tab hexTab = new Tab("Hex");
    private final TextArea text = new TextArea();
    private final Label textNote = new Label();
    private final JsonTree json = new JsonTree();
    private final Label jsonNote = new Label();
    private final HexView hex = new HexView();
    private final CollectionView collection;

    public ValuePane(ValueModel model) {
        this.model = model;
        root.setId("value-pane");
        root.getStyleClass().add("value-pane");
        SceneStyles.use(root, STYLESHEET);
        collection = new CollectionView(model.collection());

        // the tabs and the collection view (most of the pane's nodes) are layers shown in turn: hidden, they may wait
        StackPane body = new StackPane(LateParts.mark(tabs()), LateParts.mark(collection), readingBox(), guardBox(), empty);
        body.getStyleClass().add("value-body");
        VBox.setVgrow(body, Priority.ALWAYS);
        root.getChildren().addAll(header(), body);

        model.phaseProperty().addListener((obs, old, p) -> showPhase());
        model.contentProperty().addListener((obs, old, c) -> showContent(c));
        model.messageProperty().addListener((obs, old, m) -> showPhase());
        showPhase();
    }

    /** Ctrl+F while the value pane has the focus: its collection filter, when a collection is shown. */
    public boolean focusFilter() {
        if (!collection.isVisible()) {
            return false;
        }
        collection.filterField().requestFocus();
        return true;
    }

    /** Whether the keyboard focus is somewhere inside this pane. */
    public boolean hasFocus() {
        var scene = root.getScene();
        for (Node n = scene == null ? null : scene.getFocusOwner(); n != null; n = n.getParent()) {
            if (n == root) {
                return true;
            }
        }
        return false;
    }

    /**
     * The key's name on the first line with the browser's actions and Reload at its right: the name gives way
     * (ellipsised, whole in its tooltip), the buttons never do. Below it the badges, the facts and the phase flow
     * and wrap, so nothing is cut at the width the browser's split pane leaves.
     */
    private Node header() {
        Label key = new Label();
        key.setId("value-key");
        key.getStyleClass().add("value-key");
        key.textProperty().bind(model.keyTextProperty());
        key.setTooltip(new Tooltip());
        key.getTooltip().textProperty().bind(model.keyTextProperty());
        key.setMinWidth(0);
        key.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(key, Priority.ALWAYS);
        Label type = badge("value-type", "type-badge");
        Label format = badge("value-format", "format-badge");
        format.textProperty().bind(model.formatBadgeProperty());
        format.visibleProperty().bind(model.formatBadgeProperty().isNotNull());
        Label facts = new Label();
        facts.setId("value-facts");
        facts.getStyleClass().addAll("muted", "value-facts");
        facts.setWrapText(true);
        facts.setMinWidth(0);
        model.keyInfoProperty().addListener((obs, old, info) -> {
            type.setText(info == null || !info.exists() ? "" : info.type());
            facts.setText(info == null || !info.exists() ? "" : KeyFacts.summary(info));
        });
        type.visibleProperty().bind(type.textProperty().isNotEmpty());
        Label phase = new Label();
        phase.setId("value-phase");
        phase.getStyleClass().addAll("muted", "value-phase");
        phase.setMinWidth(Region.USE_PREF_SIZE);
        phase.visibleProperty().bind(phase.textProperty().isNotEmpty());
        phase.managedProperty().bind(phase.visibleProperty());
        FontIcon phaseIcon = new FontIcon();
        phaseIcon.getStyleClass().add("value-phase-icon");
        phase.setGraphic(phaseIcon);
        Runnable showPhase = () -> {
            ValuePhase p = model.phaseProperty().get();
            phase.setText(phaseText(p));
            phaseIcon.setIconCode(phaseIcon(p));
            phase.pseudoClassStateChanged(FAILED, p == ValuePhase.FAILED || p == ValuePhase.MISSING);
            phase.pseudoClassStateChanged(SHOWN, p == ValuePhase.SHOWN);
        };
        model.phaseProperty().addListener((obs, old, p) -> showPhase.run());
        model.progressTextProperty().addListener((obs, old, p) -> showPhase.run());
        showPhase.run();

        Button reload = new Button(null, new FontIcon(Feather.REFRESH_CW));
        reload.setId("value-reload-button");
        reload.setTooltip(new Tooltip("Read the key again (F5)"));
        reload.setOnAction(e -> model.reload());
        reload.disableProperty().bind(model.keyTextProperty().isEmpty());
        reload.setMinWidth(Region.USE_PREF_SIZE);
        actions.setId("value-actions");
        actions.getStyleClass().add("value-actions");
        actions.setAlignment(Pos.CENTER_RIGHT);
        actions.setMinWidth(Region.USE_PREF_SIZE);
        // the browser adds its buttons later: each keeps its size however long the key's name is
        actions.getChildren().addListener((ListChangeListener<Node>) change -> {
            for (Node n : actions.getChildren()) {
                if (n instanceof Region r) {
                    r.setMinWidth(Region.USE_PREF_SIZE);
                }
            }
        });
        HBox nameLine = new HBox(6, key, actions, reload);
        nameLine.setAlignment(Pos.CENTER_LEFT);
        HBox.setMargin(actions, new Insets(0, 0, 0, 6));

        FlowPane details = new FlowPane(8, 4, type, format, facts, phase);
        details.setId("value-details");
        details.setAlignment(Pos.CENTER_LEFT);
        details.setRowValignment(VPos.CENTER);
        // a flow pane gives each child its preferred width: capped at the line, the facts wrap instead of spilling
        facts.maxWidthProperty().bind(details.widthProperty());

        VBox header = new VBox(6, nameLine, details);
        header.getStyleClass().add("value-header");
        header.visibleProperty().bind(model.keyTextProperty().isNotEmpty());
        header.managedProperty().bind(header.visibleProperty());
        root.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.F5) {
                model.reload();
                e.consume();
            }
        });
        return header;
    }

    /** A pill that is shown whole or not at all, and takes no room while it has nothing to say. */
    private static Label badge(String id, String styleClass) {
        Label badge = new Label();
        badge.setId(id);
        badge.getStyleClass().add(styleClass);
        badge.setMinWidth(Region.USE_PREF_SIZE);
        badge.managedProperty().bind(badge.visibleProperty());
        return badge;
    }

    private String phaseText(ValuePhase p) {
        return switch (p) {
            case EMPTY -> "";
            case LOADING_INFO -> "Reading type and size…";
            case READY -> "Loading…";
            case TOO_BIG_ASKS_CONFIRMATION -> "Waiting for you to confirm";
            case READING -> "Reading " + model.progressTextProperty().get();
            case DECODING -> "Decoding…";
            case SHOWN -> "string".equals(typeOf(model.keyInfoProperty().get())) ? "Read in full" : "";
            case MISSING -> "Key not found";
            case FAILED -> "Failed";
        };
    }

    private static Feather phaseIcon(ValuePhase p) {
        return switch (p) {
            case EMPTY, READY, LOADING_INFO, READING, DECODING -> Feather.LOADER;
            case TOO_BIG_ASKS_CONFIRMATION -> Feather.PAUSE_CIRCLE;
            case SHOWN -> Feather.CHECK;
            case MISSING -> Feather.SLASH;
            case FAILED -> Feather.ALERT_TRIANGLE;
        };
    }

    private static String typeOf(KeyInfo info) {
        return info == null ? "" : info.type();
    }

    private Node guardBox() {
        guard.setId("value-guard");
        guard.withAction("Read anyway", model::readAnyway);
        Button readAnyway = guard.actionButton();
        readAnyway.setId("read-anyway-button");
        readAnyway.setGraphic(new FontIcon(Feather.DOWNLOAD));
        readAnyway.defaultButtonProperty().bind(guard.visibleProperty());
        return guard;
    }

    private Node readingBox() {
        Label title = new Label("Reading the value…");
        title.getStyleClass().add("empty-state-title");
        ProgressBar bar = new ProgressBar();
        bar.setId("value-progress");
        bar.setPrefWidth(360);
        bar.progressProperty().bind(model.progressProperty());
        Label done = new Label();
        done.getStyleClass().add("muted");
        done.textProperty().bind(model.progressTextProperty());
        Button cancel = new Button("Cancel", new FontIcon(Feather.X));
        cancel.setId("cancel-read-button");
        cancel.setOnAction(e -> model.cancelRead());
        cancel.cancelButtonProperty().bind(reading.visibleProperty());
        reading.getChildren().addAll(title, bar, done, cancel);
        reading.setAlignment(Pos.CENTER);
        reading.getStyleClass().add("value-reading");
        return reading;
    }

    private Node tabs() {
        tabs.setId("value-tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tensorTab.setContent(new TensorView(model.tensors(), "tensor-summary"));
        tensorTab.setGraphic(new FontIcon(Feather.BAR_CHART_2));
        text.setEditable(false);
        text.setWrapText(true);
        text.getStyleClass().add("value-text");
        textNote.setId("value-text-note");
        textNote.getStyleClass().addAll("muted", "view-note");
        textNote.setWrapText(true);
        textNote.managedProperty().bind(textNote.visibleProperty());
        VBox.setVgrow(text, Priority.ALWAYS);
        textTab.setContent(new VBox(textNote, text));
        textTab.setGraphic(new FontIcon(Feather.ALIGN_LEFT));
        jsonNote.getStyleClass().addAll("muted", "view-note");
        jsonNote.setWrapText(true);
        jsonNote.managedProperty().bind(jsonNote.visibleProperty());
        VBox.setVgrow(json, Priority.ALWAYS);
        jsonTab.setContent(new VBox(jsonNote, json));
        jsonTab.setGraphic(new FontIcon(Feather.CODE));
        hexTab.setContent(hex);
        hexTab.setGraphic(new FontIcon(Feather.HASH));
        tabs.getTabs().addAll(tensorTab, textTab, jsonTab, hexTab);
        tabs.getSelectionModel().selectedItemProperty().addListener((obs, old, tab) -> renderSelectedTab());
        return tabs;
    }

    /**
     * Text and JSON for the value shown, put into their controls only when their tab is first opened: filling a
     * TextArea with 256 KiB costs the FX thread ~100 ms, which a tensor that opens on its Tensor tab should not pay.
     */
    private StringContent unrendered;

    private void renderSelectedTab() {
        StringContent c = unrendered;
        Tab tab = tabs.getSelectionModel().getSelectedItem();
        if (c == null || (tab != textTab && tab != jsonTab)) {
            return;
        }
        unrendered = null;
        text.setText(c.text());
        json.show(c.json());
    }

    private void showContent(StringContent c) {
        if (c == null) {
            unrendered = null;
            text.clear();
            json.show(null);
            hex.show(ChunkedBytes.of(new byte[0]));
            return;
        }
        text.clear();
        json.show(null);
        unrendered = c;
        String note = (c.utf8() ? "" : "Binary: not UTF-8 text, shown with bytes escaped as \\xNN. ")
                + (c.textTruncated() ? "Showing the first " + HumanReadable.bytes(StringContent.TEXT_CAP_BYTES) + " of "
                + HumanReadable.bytes(c.bytes().length()) + "; the hex view has all of it." : "");
        textNote.setText(note);
        textNote.setVisible(!note.isEmpty());
        jsonNote.setText(c.jsonNote() == null ? "" : c.jsonNote());
        jsonNote.setVisible(c.jsonNote() != null);
        jsonTab.setDisable(c.json() == null);
        hex.show(c.bytes());
        tabs.getSelectionModel().select(switch (c.bestView()) {
            case TENSOR -> tensorTab;
            case TEXT -> textTab;
            case JSON -> jsonTab;
            case HEX -> hexTab;
        });
        renderSelectedTab();
    }

    private void showPhase() {
        ValuePhase p = model.phaseProperty().get();
        KeyInfo info = model.keyInfoProperty().get();
        boolean string = info != null && info.type().equals("string");
        tabs.setVisible(p == ValuePhase.SHOWN && string);
        collection.setVisible((p == ValuePhase.SHOWN || p == ValuePhase.READY) && info != null && !string
                && model.collection().typeProperty().get().equals(info.type()));
        reading.setVisible(p == ValuePhase.READING);
        guard.setVisible(p == ValuePhase.TOO_BIG_ASKS_CONFIRMATION);
        if (guard.isVisible()) {
            guard.show(Feather.ALERT_CIRCLE, "Large value", model.messageProperty().get());
            guard.actionButton().setVisible(true);
        }
        String message = model.messageProperty().get();
        switch (p) {
            case EMPTY -> empty.show(Feather.KEY, "No key selected", "Choose a key on the left to see its value.");
            case LOADING_INFO -> empty.show(Feather.LOADER, "Reading the key…", "TYPE, size, memory and TTL are on their way.");
            case READY -> empty.show(Feather.LOADER, "Loading…", message.isEmpty() ? "The first page is on its way." : message);
            case DECODING -> empty.show(Feather.CPU, "Decoding…", "Looking for npy, safetensors, npz, JSON and pickle.");
            case MISSING -> empty.show(Feather.SLASH, "Key not found", message);
            case FAILED -> empty.show(Feather.ALERT_TRIANGLE, "Could not read the value", message)
                    .withAction("Try again", model::reload);
            default -> { }
        }
        empty.setVisible(!tabs.isVisible() && !collection.isVisible() && !reading.isVisible() && !guard.isVisible());
    }

    public ValueModel model() {
        return model;
    }

    public Node root() {
        return root;
    }

    /** Where the browser puts its edit actions (TTL, rename, delete) for the open key. */
    public HBox actions() {
        return actions;
    }
}
