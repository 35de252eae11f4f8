package dev.tensorlens.ui.browser;

import dev.tensorlens.mlstate.KeyKind;
import dev.tensorlens.redis.Keys;
import dev.tensorlens.ui.common.Navigator;
import dev.tensorlens.ui.common.ViewId;
import dev.tensorlens.ui.common.ViewTarget;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.ArrayList;
import java.util.Optional;

/**
 * The browser's edit controls: buttons beside the open value, a context menu and keys on the key table
 * (Delete, F2, Ctrl+C). Each forwards to {@link KeyActions}, which asks first. Writes are disabled on read-only
 * profiles (and refused by the service layer should one get through).
 */
final class KeyActionsView {

    private static final KeyCombination COPY = new KeyCodeCombination(KeyCode.C, KeyCombination.SHORTCUT_DOWN);

    private final BrowserModel model;
    private final KeyActions actions;
    private final TableView<KeyTreeModel.Row> table;
    private final Navigator navigator;
    private final ReadOnlyBooleanProperty readOnly;

    KeyActionsView(BrowserModel model, TableView<KeyTreeModel.Row> table, Navigator navigator) {
        this.model = model;
        this.actions = model.actions();
        this.table = table;
        this.navigator = navigator;
        this.readOnly = model.session().readOnlyProperty();
    }

    /** Copy, TTL, rename, delete and "open in …" for the open key, in the value pane's header. */
    void fillValueActions(HBox box) {
        Button copy = iconButton("copy-key-button", Feather.COPY, "Copy the key's name (Ctrl+C)");
        copy.setOnAction(e -> selectedKey().ifPresent(this::copy));
        Button ttl = iconButton("ttl-button", Feather.CLOCK, "Set or remove the time to live");
        ttl.setOnAction(e -> selectedKey().ifPresent(actions::askAndSetTtl));
        Button rename = iconButton("rename-button", Feather.EDIT_2, "Rename (F2)");
        rename.setOnAction(e -> selectedKey().ifPresent(actions::askAndRename));
        Button delete = iconButton("delete-button", Feather.TRASH_2, "Delete (Delete)");
        delete.getStyleClass().add("danger");
        delete.setOnAction(e -> selectedKey().ifPresent(actions::askAndDelete));
        for (Button write : new Button[] {ttl, rename, delete}) {
            write.disableProperty().bind(readOnly); // the status bar says READ-ONLY
        }
        Button open = new Button();
        open.setId("open-in-button");
        open.getStyleClass().add("small");
        open.setGraphic(new FontIcon(Feather.ARROW_RIGHT_CIRCLE));
        open.setVisible(false);
        open.managedProperty().bind(open.visibleProperty());
        Runnable showOpen = () -> {
            Optional<byte[]> key = selectedKey();
            Optional<ViewId> target = key.flatMap(this::viewFor);
            open.setVisible(target.isPresent());
            target.ifPresent(v -> {
                open.setText(v.title());
                open.setTooltip(new Tooltip("Open this key in the " + v.title() + " view"));
                open.setOnAction(e -> navigator.open(v, ViewTarget.key(key.get())));
            });
        };
        model.selectedProperty().addListener((obs, old, row) -> showOpen.run());
        model.details().generationProperty().addListener((obs, old, g) -> showOpen.run());
        box.getChildren().addAll(open, copy, ttl, rename, delete);
    }

    /** Right-click menu and keys on the key table. */
    void attachToTable() {
        ContextMenu menu = new ContextMenu();
        menu.setId("key-menu");
        table.setContextMenu(menu);
        menu.setOnShowing(e -> fillMenu(menu));
        table.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            KeyTreeModel.Row row = model.tree().current(model.selectedProperty().get()); // listed now, as it is now
            if (row == null) {
                return;
            }
            if (COPY.match(e)) {
                copy(row.bytes());
                e.consume();
            } else if (e.getCode() == KeyCode.DELETE && !readOnly.get()) {
                if (row.folder()) {
                    deleteFolder(row);
                } else {
                    actions.askAndDelete(row.bytes());
                }
                e.consume();
            } else if (e.getCode() == KeyCode.F2 && !row.folder() && !readOnly.get()) {
                actions.askAndRename(row.bytes());
                e.consume();
            }
        });
    }

    private void fillMenu(ContextMenu menu) {
        KeyTreeModel.Row row = model.tree().current(model.selectedProperty().get()); // listed now, as it is now
        var items = new ArrayList<MenuItem>();
        if (row == null) {
            menu.getItems().setAll(item("Rescan", Feather.REFRESH_CW, false, model::rescan));
            return;
        }
        boolean ro = readOnly.get();
        if (row.folder()) {
            items.add(item("Copy prefix", Feather.COPY, false, () -> copy(row.bytes())));
            items.add(new SeparatorMenuItem());
            items.add(item("Delete " + row.count() + (row.count() == 1 ? " key…" : " keys…"), Feather.TRASH_2,
                    ro || actions.bulkRunningProperty().get(), () -> deleteFolder(row)));
        } else {
            items.add(item("Copy name", Feather.COPY, false, () -> copy(row.bytes())));
            items.add(item("Set TTL…", Feather.CLOCK, ro, () -> actions.askAndSetTtl(row.bytes())));
            items.add(item("Rename…", Feather.EDIT_2, ro, () -> actions.askAndRename(row.bytes())));
            items.add(new SeparatorMenuItem());
            items.add(item("Delete…", Feather.TRASH_2, ro, () -> actions.askAndDelete(row.bytes())));
        }
        menu.getItems().setAll(items);
    }

    private static MenuItem item(String text, Ikon icon, boolean disabled, Runnable action) {
        MenuItem item = new MenuItem(text, new FontIcon(icon));
        item.setDisable(disabled);
        item.setOnAction(e -> action.run());
        return item;
    }

    private static Button iconButton(String id, Ikon icon, String tip) {
        Button b = new Button(null, new FontIcon(icon));
        b.setId(id);
        b.getStyleClass().addAll("button-icon", "flat");
        b.setTooltip(new Tooltip(tip));
        return b;
    }

    private Optional<byte[]> selectedKey() {
        KeyTreeModel.Row row = model.selectedProperty().get(); // the open key, listed or not
        return row == null || row.folder() ? Optional.empty() : Optional.of(row.bytes());
    }

    private Optional<ViewId> viewFor(byte[] key) {
        KeyDetails.Details d = model.details().get(key);
        return d == null ? Optional.empty() : d.kind().map(KeyKind::area).flatMap(area -> switch (area) {
            case MODELS -> Optional.of(ViewId.MODELS);
            case DATA -> Optional.of(ViewId.DATA);
            case DATASETS -> Optional.of(ViewId.DATASETS);
            case NONE -> Optional.empty();
        });
    }

    private void copy(byte[] bytes) {
        ClipboardContent content = new ClipboardContent();
        content.putString(Keys.display(bytes));
        Clipboard.getSystemClipboard().setContent(content);
    }

    /** The keys listed under the folder now: the question and the deletion are about exactly these. */
    private void deleteFolder(KeyTreeModel.Row folder) {
        actions.askAndDeleteFolder(model.tree().snapshotProperty().get(), folder.bytes());
    }
}
