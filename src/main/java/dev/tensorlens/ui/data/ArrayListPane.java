package dev.tensorlens.ui.data;

import dev.tensorlens.mlstate.CachedArray;
import dev.tensorlens.mlstate.CachedArrayGroups;
import dev.tensorlens.mlstate.RedisType;
import dev.tensorlens.ui.common.CatalogueModel;
import dev.tensorlens.ui.common.EmptyState;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.controlsfx.control.ToggleSwitch;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.HashSet;
import java.util.Set;

/**
 * The left side of the Data view: the cached arrays the catalogue found, grouped by prefix, with a filter, the
 * listing's progress and the Live switch. Picking an array opens it.
 */
final class ArrayListPane extends VBox {

    /** A tree item's value: a group (array null) or one array of it. */
    record Item(String prefix, CachedArray array) {
        String text() {
            return array == null ? prefix : array.label();
        }

        /** The array's dtype, shape and size once its header is read; its Redis type meanwhile. */
        String detail(java.util.Map<CachedArray, String> facts) {
            if (array == null) {
                return "";
            }
            String known = facts.get(array);
            if (known != null) {
                return known;
            }
            return switch (array.type()) {
                case LIST -> "list";
                case HASH -> "field";
                default -> "";
            };
        }
    }

    private final DataModel model;
    private final TreeView<Item> tree = new TreeView<>(new TreeItem<>());
    private final EmptyState empty = new EmptyState();
    private boolean updating;
    private final javafx.animation.PauseTransition refreshSoon =
            new javafx.animation.PauseTransition(javafx.util.Duration.millis(250));

    ArrayListPane(DataModel model) {
        this.model = model;
        CatalogueModel catalogue = model.catalogue();
        getStyleClass().add("array-list-pane");
        setMinWidth(230);
        setPrefWidth(280);

        Label title = new Label("Data");
        title.getStyleClass().add("view-title");
        title.setMinWidth(Region.USE_PREF_SIZE);
        ToggleSwitch live = new ToggleSwitch("Live");
        live.setId("data-live");
        live.setMinWidth(Region.USE_PREF_SIZE);
        live.selectedProperty().bindBidirectional(catalogue.liveProperty());
        live.setTooltip(new Tooltip("Read an array again when a pipeline rewrites it (keyspace notifications)"));
        Button rescan = new Button(null, new FontIcon(Feather.REFRESH_CW));
        rescan.getStyleClass().add("flat");
        rescan.setTooltip(new Tooltip("List the cached arrays again (F5)"));
        rescan.setOnAction(e -> model.refresh());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox header = new HBox(8, title, gap, live, rescan);
        header.setAlignment(Pos.CENTER_LEFT);

        TextField search = new TextField();
        search.setId("data-search");
        search.setPromptText("Filter cached arrays");
        search.textProperty().bindBidirectional(model.searchProperty());

        ProgressBar progress = new ProgressBar();
        progress.setMaxWidth(Double.MAX_VALUE);
        progress.progressProperty().bind(catalogue.progressProperty());
        progress.visibleProperty().bind(catalogue.phaseProperty().isEqualTo(CatalogueModel.Phase.SCANNING));
        progress.managedProperty().bind(progress.visibleProperty());
        Label status = new Label();
        status.setId("data-status");
        status.getStyleClass().add("muted");
        status.setWrapText(true);
        status.textProperty().bind(catalogue.statusProperty());

        tree.setId("data-tree");
        tree.setShowRoot(false);
        tree.setCellFactory(t -> new ItemCell(model.listedFacts()));
        tree.getSelectionModel().selectedItemProperty().addListener((obs, old, item) -> {
            if (!updating && item != null && item.getValue() != null && item.getValue().array() != null) {
                model.open(item.getValue().array());
            }
        });
        empty.setId("data-empty");
        StackPane treeArea = new StackPane(tree, empty);
        VBox.setVgrow(treeArea, Priority.ALWAYS);

        getChildren().addAll(header, search, progress, status, treeArea);
        model.groups().addListener((ListChangeListener<CachedArrayGroups.Group>) c -> rebuild());
        // facts arrive one array at a time: the visible cells are redrawn, the tree is not rebuilt
        refreshSoon.setOnFinished(e -> tree.refresh());
        model.listedFacts().addListener((javafx.collections.MapChangeListener<CachedArray, String>) c -> {
            if (refreshSoon.getStatus() != javafx.animation.Animation.Status.RUNNING) {
                refreshSoon.playFromStart(); // one redraw for the facts of a quarter of a second
            }
        });
        model.openProperty().addListener((obs, old, a) -> selectOpen());
        catalogue.phaseProperty().addListener((obs, old, p) -> updateEmpty());
        rebuild();
    }

    private void rebuild() {
        updating = true;
        try {
            Set<String> collapsed = new HashSet<>();
            for (TreeItem<Item> g : tree.getRoot().getChildren()) {
                if (!g.isExpanded()) {
                    collapsed.add(g.getValue().prefix());
                }
            }
            tree.getRoot().getChildren().clear();
            for (CachedArrayGroups.Group group : model.groups()) {
                TreeItem<Item> g = new TreeItem<>(new Item(group.prefix(), null));
                for (CachedArray a : group.arrays()) {
                    g.getChildren().add(new TreeItem<>(new Item(group.prefix(), a)));
                }
                g.setExpanded(!collapsed.contains(group.prefix()));
                tree.getRoot().getChildren().add(g);
            }
            selectOpen();
        } finally {
            updating = false;
        }
        updateEmpty();
    }

    private void selectOpen() {
        CachedArray open = model.openProperty().get();
        if (open == null) {
            return;
        }
        boolean was = updating;
        updating = true;
        try {
            for (TreeItem<Item> g : tree.getRoot().getChildren()) {
                for (TreeItem<Item> a : g.getChildren()) {
                    if (open.equals(a.getValue().array())) {
                        g.setExpanded(true);
                        tree.getSelectionModel().select(a);
                    }
                }
            }
        } finally {
            updating = was;
        }
    }

    private void updateEmpty() {
        boolean none = model.groups().isEmpty();
        empty.setVisible(none);
        tree.setVisible(!none);
        if (!none) {
            return;
        }
        CatalogueModel.Phase phase = model.catalogue().phaseProperty().get();
        if (phase == CatalogueModel.Phase.SCANNING) {
            empty.show(Feather.SEARCH, "Looking for cached arrays…", "They appear here as the listing finds them.");
        } else if (!model.searchProperty().get().isBlank()) {
            empty.show(Feather.FILTER, "No array matches", "No cached array's key contains \""
                    + model.searchProperty().get().trim() + "\".");
        } else if (phase == CatalogueModel.Phase.NOT_CONNECTED) {
            empty.show(Feather.LINK, "Not connected", "Connect to a Redis server to see its cached data.");
        } else {
            empty.show(Feather.GRID, "No cached arrays found", "Arrays are recognised by a cache, batch, features "
                    + "or embeddings word in the key (an .npy, a raw hash with dtype and shape, JSON, a list of "
                    + "samples) — see docs/STORAGE.md.");
        }
    }

    TreeView<Item> tree() {
        return tree;
    }

    private static final class ItemCell extends TreeCell<Item> {
        private final Label name = new Label();
        private final Label detail = new Label();
        private final HBox box = new HBox(8, name, detail);
        private final java.util.Map<CachedArray, String> facts;

        ItemCell(java.util.Map<CachedArray, String> facts) {
            this.facts = facts;
            detail.getStyleClass().add("muted");
            box.setAlignment(Pos.CENTER_LEFT);
        }

        @Override
        protected void updateItem(Item item, boolean isEmpty) {
            super.updateItem(item, isEmpty);
            if (isEmpty || item == null) {
                setGraphic(null);
                setText(null);
                setTooltip(null);
                return;
            }
            name.setText(item.text());
            name.setStyle(item.array() == null ? "-fx-font-weight: bold;" : null);
            detail.setText(item.detail(facts));
            setGraphic(box);
            setText(null);
            if (item.array() != null && getTooltip() == null) {
                setTooltip(new Tooltip());
            }
            if (item.array() != null) {
                CachedArray a = item.array();
                getTooltip().setText(a.location().key() + (a.location().field() == null ? ""
                        : "\nfield " + a.location().field()) + (a.type() == RedisType.LIST ? "\na list of samples" : ""));
            } else {
                setTooltip(null);
            }
        }
    }
}
