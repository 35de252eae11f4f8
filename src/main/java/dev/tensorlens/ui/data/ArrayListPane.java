package dev.tensorlens.ui.data;

import dev.tensorlens.mlstate.CachedArray;
import dev.tensorlens.mlstate.CachedArrayGroups;
import dev.tensorlens.mlstate.RedisType;
import dev.tensorlens.ui.common.CatalogueModel;
import dev.tensorlens.ui.common.CatalogueSidebar;
import dev.tensorlens.ui.common.NameDetailCell;
import javafx.animation.Animation;
import javafx.animation.PauseTransition;
import javafx.collections.ListChangeListener;
import javafx.collections.MapChangeListener;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.util.Duration;
import org.kordamp.ikonli.feather.Feather;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The left side of the Data view: the cached arrays the catalogue found, grouped by prefix, with a filter, the
 * listing's progress and the Live switch. Picking an array opens it.
 */
final class ArrayListPane extends CatalogueSidebar {

    private static final EmptyTexts EMPTY = new EmptyTexts("Looking for cached arrays…",
            "They appear here as the listing finds them.", "No array matches", "No cached array's key",
            "Connect to a Redis server to see its cached data.", Feather.GRID, "No cached arrays found",
            "Arrays are recognised by a cache, batch, features or embeddings word in the key (an .npy, a raw hash "
                    + "with dtype and shape, JSON, a list of samples) — see docs/STORAGE.md.");

    /** A tree item's value: a group (array null) or one array of it. */
    record Item(String prefix, CachedArray array) {
        String text() {
            return array == null ? prefix : array.label();
        }

        /** The array's dtype, shape and size once its header is read; its Redis type meanwhile. */
        String detail(Map<CachedArray, String> facts) {
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
    private final TreeView<Item> tree;
    private boolean updating;
    private final PauseTransition refreshSoon = new PauseTransition(Duration.millis(250));

    ArrayListPane(DataModel model) {
        this(model, new TreeView<>(new TreeItem<>()));
    }

    private ArrayListPane(DataModel model, TreeView<Item> tree) {
        super(new Texts("data", "Data", "Filter cached arrays",
                "Read an array again when a pipeline rewrites it (keyspace notifications)",
                "List the cached arrays again (F5)"), model.catalogue(), model.searchProperty(), model::refresh, tree);
        this.model = model;
        this.tree = tree;
        CatalogueModel catalogue = model.catalogue();
        getStyleClass().add("array-list-pane");
        setMinWidth(230);
        setPrefWidth(280);

        tree.setId("data-tree");
        tree.setShowRoot(false);
        Map<CachedArray, String> facts = model.listedFacts();
        tree.setCellFactory(t -> new NameDetailCell<>(Item::text, i -> i.detail(facts), i -> i.array() == null,
                ArrayListPane::tooltip));
        tree.getSelectionModel().selectedItemProperty().addListener((obs, old, item) -> {
            if (!updating && item != null && item.getValue() != null && item.getValue().array() != null) {
                model.open(item.getValue().array());
            }
        });

        model.groups().addListener((ListChangeListener<CachedArrayGroups.Group>) c -> rebuild());
        // facts arrive one array at a time: the visible cells are redrawn, the tree is not rebuilt
        refreshSoon.setOnFinished(e -> tree.refresh());
        model.listedFacts().addListener((MapChangeListener<CachedArray, String>) c -> {
            if (refreshSoon.getStatus() != Animation.Status.RUNNING) {
                refreshSoon.playFromStart(); // one redraw for the facts of a quarter of a second
            }
        });
        model.openProperty().addListener((obs, old, a) -> selectOpen());
        catalogue.phaseProperty().addListener((obs, old, p) -> updateEmpty());
        rebuild();
    }

    private static String tooltip(Item item) {
        if (item.array() == null) {
            return null;
        }
        CachedArray a = item.array();
        return a.location().key() + (a.location().field() == null ? "" : "\nfield " + a.location().field())
                + (a.type() == RedisType.LIST ? "\na list of samples" : "");
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
        showListOrEmpty(tree, model.groups().isEmpty(), model.catalogue().phaseProperty().get(),
                model.searchProperty().get(), EMPTY);
    }

    TreeView<Item> tree() {
        return tree;
    }
}
