package dev.tensorlens.ui.models;

import dev.tensorlens.mlstate.ModelEntry;
import dev.tensorlens.mlstate.ModelLayout;
import dev.tensorlens.mlstate.ModelVersion;
import dev.tensorlens.ui.common.CatalogueModel;
import dev.tensorlens.ui.common.CatalogueSidebar;
import dev.tensorlens.ui.common.NameDetailCell;
import javafx.collections.ListChangeListener;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import org.kordamp.ikonli.feather.Feather;

import java.util.HashSet;
import java.util.Set;

/**
 * The left side of the Models view: every model the catalogue found, its versions under it in order, a filter, the
 * listing's progress and the Live switch. Picking a version opens it.
 */
final class CataloguePane extends CatalogueSidebar {

    private static final EmptyTexts EMPTY = new EmptyTexts("Looking for models…",
            "Checkpoints appear here as the listing finds them.", "No model matches", "No model or version name",
            "Connect to a Redis server to see its models.", Feather.BOX, "No models found",
            "Checkpoints are recognised as a hash per version (model:<name>:v<n>), safetensors blobs, one key per "
                    + "tensor or a model_params hash — see docs/STORAGE.md.");

    /** A tree item's value: a model, or one of its versions. */
    record Item(ModelEntry model, ModelVersion version) {
        String text() {
            if (version == null) {
                return model.name() + (model.variant().isEmpty() ? "" : " · " + model.variant());
            }
            return version.version();
        }

        String detail() {
            if (version == null) {
                return shortLayout(model.layout());
            }
            int n = version.tensors().size();
            return model.layout() == ModelLayout.BLOB_PER_CHECKPOINT ? "one blob" : n + (n == 1 ? " tensor" : " tensors");
        }
    }

    /** A word for the catalogue's narrow rows; {@link #layoutWords} in the tooltip and the trail. */
    static String shortLayout(ModelLayout layout) {
        return switch (layout) {
            case HASH_PER_CHECKPOINT -> "hash";
            case BLOB_PER_CHECKPOINT -> "blob";
            case KEY_PER_TENSOR -> "keys";
            case JSON_PARAMS_HASH -> "JSON";
        };
    }

    static String layoutWords(ModelLayout layout) {
        return switch (layout) {
            case HASH_PER_CHECKPOINT -> "hash per checkpoint";
            case BLOB_PER_CHECKPOINT -> "blob per checkpoint";
            case KEY_PER_TENSOR -> "key per tensor";
            case JSON_PARAMS_HASH -> "JSON params hash";
        };
    }

    private final ModelsModel model;
    private final TreeView<Item> tree;
    private boolean updating;

    CataloguePane(ModelsModel model) {
        this(model, new TreeView<>(new TreeItem<>()));
    }

    private CataloguePane(ModelsModel model, TreeView<Item> tree) {
        super(new Texts("models", "Models", "Filter models and versions",
                "Show new versions and rewritten tensors as training writes them (keyspace notifications)",
                "List the models again (F5)"), model.catalogue(), model.searchProperty(), model::refresh, tree);
        this.model = model;
        this.tree = tree;
        CatalogueModel catalogue = model.catalogue();
        getStyleClass().add("catalogue-pane");
        setMinWidth(250);
        setPrefWidth(290);

        tree.setId("models-tree");
        tree.setShowRoot(false);
        tree.setCellFactory(t -> new NameDetailCell<>(Item::text, Item::detail, i -> i.version() == null,
                CataloguePane::tooltip));
        tree.getSelectionModel().selectedItemProperty().addListener((obs, old, item) -> {
            if (!updating && item != null && item.getValue() != null) {
                Item picked = item.getValue();
                if (picked.version() != null) {
                    model.open(picked.model(), picked.version());
                } else if (!picked.model().versions().isEmpty()) {
                    item.setExpanded(true);
                }
            }
        });

        model.models().addListener((ListChangeListener<ModelEntry>) c -> rebuild());
        model.openVersionProperty().addListener((obs, old, v) -> selectOpen());
        catalogue.phaseProperty().addListener((obs, old, p) -> updateEmpty());
        rebuild();
    }

    private static String tooltip(Item item) {
        return item.version() == null
                ? layoutWords(item.model().layout()) + " · " + item.model().versions().size() + " versions"
                        + item.model().versionIndexKey().map(k -> "\nversions from " + k).orElse("")
                : String.join("\n", item.version().keys().stream().limit(5).toList())
                        + (item.version().keys().size() > 5 ? "\n…" : "");
    }

    /** The tree again from the model list, keeping which models were expanded and the open version selected. */
    private void rebuild() {
        updating = true;
        try {
            Set<String> expanded = new HashSet<>();
            for (TreeItem<Item> m : tree.getRoot().getChildren()) {
                if (m.isExpanded()) {
                    expanded.add(id(m.getValue().model()));
                }
            }
            tree.getRoot().getChildren().clear();
            for (ModelEntry entry : model.models()) {
                TreeItem<Item> m = new TreeItem<>(new Item(entry, null));
                // newest version first: the one a user most often wants
                for (int i = entry.versions().size() - 1; i >= 0; i--) {
                    m.getChildren().add(new TreeItem<>(new Item(entry, entry.versions().get(i))));
                }
                m.setExpanded(expanded.contains(id(entry)) || model.models().size() <= 6);
                tree.getRoot().getChildren().add(m);
            }
            selectOpen();
        } finally {
            updating = false;
        }
        updateEmpty();
    }

    private void selectOpen() {
        ModelEntry open = model.openModelProperty().get();
        ModelVersion version = model.openVersionProperty().get();
        if (open == null || version == null) {
            return;
        }
        boolean was = updating;
        updating = true;
        try {
            for (TreeItem<Item> m : tree.getRoot().getChildren()) {
                if (id(m.getValue().model()).equals(id(open))) {
                    m.setExpanded(true);
                    for (TreeItem<Item> v : m.getChildren()) {
                        if (v.getValue().version().version().equals(version.version())) {
                            tree.getSelectionModel().select(v);
                        }
                    }
                }
            }
        } finally {
            updating = was;
        }
    }

    private void updateEmpty() {
        showListOrEmpty(tree, model.models().isEmpty(), model.catalogue().phaseProperty().get(),
                model.searchProperty().get(), EMPTY);
    }

    private static String id(ModelEntry m) {
        return m.name() + '\u0000' + m.layout() + '\u0000' + m.variant();
    }

    TreeView<Item> tree() {
        return tree;
    }
}
