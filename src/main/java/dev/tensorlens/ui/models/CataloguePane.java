package dev.tensorlens.ui.models;

import dev.tensorlens.mlstate.ModelEntry;
import dev.tensorlens.mlstate.ModelLayout;
import dev.tensorlens.mlstate.ModelVersion;
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

import java.util.Objects;

/**
 * The left side of the Models view: every model the catalogue found, its versions under it in order, a filter, the
 * listing's progress and the Live switch. Picking a version opens it.
 */
final class CataloguePane extends VBox {

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
                int n = model.versions().size();
                return layoutWords(model.layout()) + " · " + n + (n == 1 ? " version" : " versions");
            }
            int n = version.tensors().size();
            return model.layout() == ModelLayout.BLOB_PER_CHECKPOINT ? "one blob" : n + (n == 1 ? " tensor" : " tensors");
        }
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
    private final TreeView<Item> tree = new TreeView<>(new TreeItem<>());
    private final EmptyState empty = new EmptyState();
    private boolean updating;

    CataloguePane(ModelsModel model) {
        this.model = model;
        CatalogueModel catalogue = model.catalogue();
        getStyleClass().add("catalogue-pane");
        setMinWidth(240);
        setPrefWidth(290);

        Label title = new Label("Models");
        title.getStyleClass().add("view-title");
        ToggleSwitch live = new ToggleSwitch("Live");
        live.setId("models-live");
        live.selectedProperty().bindBidirectional(catalogue.liveProperty());
        live.setTooltip(new Tooltip("Show new versions and rewritten tensors as training writes them "
                + "(keyspace notifications)"));
        Button rescan = new Button(null, new FontIcon(Feather.REFRESH_CW));
        rescan.getStyleClass().add("flat");
        rescan.setTooltip(new Tooltip("List the models again (F5)"));
        rescan.setOnAction(e -> model.refresh());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox header = new HBox(8, title, gap, live, rescan);
        header.setAlignment(Pos.CENTER_LEFT);

        TextField search = new TextField();
        search.setId("models-search");
        search.setPromptText("Filter models and versions");
        search.textProperty().bindBidirectional(model.searchProperty());

        ProgressBar progress = new ProgressBar();
        progress.setMaxWidth(Double.MAX_VALUE);
        progress.progressProperty().bind(catalogue.progressProperty());
        progress.visibleProperty().bind(catalogue.phaseProperty().isEqualTo(CatalogueModel.Phase.SCANNING));
        progress.managedProperty().bind(progress.visibleProperty());
        Label status = new Label();
        status.setId("models-status");
        status.getStyleClass().add("muted");
        status.setWrapText(true);
        status.textProperty().bind(catalogue.statusProperty());
        Label liveMessage = new Label();
        liveMessage.getStyleClass().add("muted");
        liveMessage.setWrapText(true);
        liveMessage.textProperty().bind(catalogue.liveMessageProperty());
        liveMessage.visibleProperty().bind(catalogue.liveMessageProperty().isNotEmpty());
        liveMessage.managedProperty().bind(liveMessage.visibleProperty());

        tree.setId("models-tree");
        tree.setShowRoot(false);
        tree.setCellFactory(t -> new ItemCell());
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
        empty.setId("models-empty");
        StackPane treeArea = new StackPane(tree, empty);
        VBox.setVgrow(treeArea, Priority.ALWAYS);

        getChildren().addAll(header, search, progress, status, liveMessage, treeArea);
        model.models().addListener((ListChangeListener<ModelEntry>) c -> rebuild());
        model.openVersionProperty().addListener((obs, old, v) -> selectOpen());
        catalogue.phaseProperty().addListener((obs, old, p) -> updateEmpty());
        rebuild();
    }

    /** The tree again from the model list, keeping which models were expanded and the open version selected. */
    private void rebuild() {
        updating = true;
        try {
            java.util.Set<String> expanded = new java.util.HashSet<>();
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
        boolean none = model.models().isEmpty();
        empty.setVisible(none);
        tree.setVisible(!none);
        if (!none) {
            return;
        }
        CatalogueModel.Phase phase = model.catalogue().phaseProperty().get();
        if (phase == CatalogueModel.Phase.SCANNING) {
            empty.show(Feather.SEARCH, "Looking for models…", "Checkpoints appear here as the listing finds them.");
        } else if (!model.searchProperty().get().isBlank()) {
            empty.show(Feather.FILTER, "No model matches", "No model or version name contains \""
                    + model.searchProperty().get().trim() + "\".");
        } else if (phase == CatalogueModel.Phase.NOT_CONNECTED) {
            empty.show(Feather.LINK, "Not connected", "Connect to a Redis server to see its models.");
        } else {
            empty.show(Feather.BOX, "No models found", "Checkpoints are recognised as a hash per version "
                    + "(model:<name>:v<n>), safetensors blobs, one key per tensor or a model_params hash — "
                    + "see docs/STORAGE.md.");
        }
    }

    private static String id(ModelEntry m) {
        return m.name() + '\u0000' + m.layout() + '\u0000' + m.variant();
    }

    TreeView<Item> tree() {
        return tree;
    }

    private static final class ItemCell extends TreeCell<Item> {
        private final Label name = new Label();
        private final Label detail = new Label();
        private final HBox box = new HBox(8, name, detail);

        ItemCell() {
            detail.getStyleClass().add("muted");
            box.setAlignment(Pos.CENTER_LEFT);
        }

        @Override
        protected void updateItem(Item item, boolean isEmpty) {
            super.updateItem(item, isEmpty);
            if (isEmpty || item == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            name.setText(item.text());
            name.setStyle(item.version() == null ? "-fx-font-weight: bold;" : null);
            detail.setText(item.detail());
            setGraphic(box);
            setText(null);
            setTooltip(new Tooltip(Objects.requireNonNullElse(item.version() == null
                    ? item.model().versionIndexKey().map(k -> "Versions from " + k).orElse(item.detail())
                    : String.join("\n", item.version().keys().stream().limit(5).toList()), "")));
        }
    }
}
