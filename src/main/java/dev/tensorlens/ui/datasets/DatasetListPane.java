package dev.tensorlens.ui.datasets;

import dev.tensorlens.mlstate.DatasetSplits;
import dev.tensorlens.mlstate.RedisType;
import dev.tensorlens.ui.common.CatalogueModel;
import dev.tensorlens.ui.common.CatalogueSidebar;
import dev.tensorlens.ui.common.NameDetailCell;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.input.KeyCode;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The left side of the Datasets view: every dataset with its splits under it (ids and share of each), a filter, the
 * listing's progress, Live, and a button to group sets by hand. Picking a dataset opens it; picking a split opens it
 * and lists its members.
 */
final class DatasetListPane extends CatalogueSidebar {

    private static final EmptyTexts EMPTY = new EmptyTexts("Looking for datasets…",
            "Splits appear here as the listing finds them.", "No dataset matches", "No dataset name or split key",
            "Connect to a Redis server to see its dataset splits.", Feather.PIE_CHART, "No datasets found",
            "Splits are sets (or sorted sets) named like dataset:<name>:train, <name>_test or train_dataset — see "
                    + "docs/STORAGE.md. Sets with other names can be grouped by hand.");

    /** A tree item's value: a dataset (split null) or one of its splits. */
    record Item(DatasetSplits dataset, DatasetSplits.Split split) {
        String text() {
            return split == null ? dataset.name() : split.name();
        }

        String detail() {
            if (split == null) {
                long total = dataset.totalSize();
                return (dataset.manual() ? "grouped · " : "") + dataset.splits().size() + " splits"
                        + (total > 0 ? String.format(Locale.ROOT, " · %,d ids", total) : "");
            }
            String type = split.type() == RedisType.ZSET ? "zset · " : "";
            return split.size() < 0 ? type.replace(" · ", "") : type + String.format(Locale.ROOT, "%,d · %.0f%%",
                    split.size(), 100 * dataset.ratio(split));
        }

        String tooltip() {
            if (split != null) {
                return split.key() + (split.type() == RedisType.ZSET ? "\na sorted set (ids scored for sampling)" : "");
            }
            return dataset.manual() ? "Grouped by hand; remembered for this connection. Right-click or Delete ungroups (the sets stay)."
                    : "Found by its key names: " + String.join(", ", dataset.splits().stream()
                    .map(DatasetSplits.Split::key).limit(4).toList());
        }
    }

    private final DatasetsModel model;
    private final TreeView<Item> tree;
    private boolean updating;

    DatasetListPane(DatasetsModel model, Runnable groupByHand) {
        this(model, new TreeView<>(new TreeItem<>()), groupByHand);
    }

    private DatasetListPane(DatasetsModel model, TreeView<Item> tree, Runnable groupByHand) {
        super(new Texts("datasets", "Datasets", "Filter datasets and split keys",
                "Show other clients' edits to the splits as they happen (keyspace notifications)",
                "List the datasets again and measure the open one (F5)"), model.catalogue(), model.searchProperty(),
                model::refresh, tree);
        this.model = model;
        this.tree = tree;
        getStyleClass().add("dataset-list-pane");
        setMinWidth(280); // the title, Live and rescan side by side
        setPrefWidth(300);

        Button group = new Button(null, new FontIcon(Feather.FOLDER_PLUS));
        group.setId("datasets-group");
        group.getStyleClass().add("flat");
        group.setTooltip(new Tooltip("Group sets into a dataset by hand, when their names follow no convention"));
        group.setOnAction(e -> groupByHand.run());
        group.disableProperty().bind(model.catalogue().phaseProperty().isEqualTo(CatalogueModel.Phase.NOT_CONNECTED));
        addFilterButton(group);

        tree.setId("datasets-tree");
        tree.setShowRoot(false);
        tree.setCellFactory(t -> {
            NameDetailCell<Item> cell = new NameDetailCell<>(Item::text, Item::detail, i -> i.split() == null,
                    Item::tooltip);
            MenuItem ungroup = new MenuItem("Ungroup (the sets stay as they are)");
            ungroup.setOnAction(e -> model.ungroup(cell.getItem().dataset()));
            ContextMenu menu = new ContextMenu(ungroup);
            cell.itemProperty().addListener((obs, old, item) -> cell.setContextMenu(
                    item != null && item.split() == null && item.dataset().manual() ? menu : null));
            return cell;
        });
        // Delete forgets a grouping made by hand (the sets stay), as the context menu does
        tree.setOnKeyPressed(e -> {
            TreeItem<Item> item = tree.getSelectionModel().getSelectedItem();
            if (e.getCode() == KeyCode.DELETE && item != null && item.getValue() != null
                    && item.getValue().split() == null && item.getValue().dataset().manual()) {
                model.ungroup(item.getValue().dataset());
                e.consume();
            }
        });
        tree.getSelectionModel().selectedItemProperty().addListener((obs, old, item) -> {
            if (updating || item == null || item.getValue() == null) {
                return;
            }
            Item picked = item.getValue();
            model.open(picked.dataset());
            if (picked.split() != null) {
                model.members().show(picked.split());
            }
        });

        model.datasets().addListener((ListChangeListener<DatasetSplits>) c -> rebuild());
        model.openProperty().addListener((obs, old, d) -> selectOpen());
        model.catalogue().phaseProperty().addListener((obs, old, p) -> updateEmpty());
        rebuild();
    }

    private void rebuild() {
        updating = true;
        try {
            Set<String> collapsed = new HashSet<>();
            for (TreeItem<Item> d : tree.getRoot().getChildren()) {
                if (!d.isExpanded()) {
                    collapsed.add(d.getValue().dataset().name());
                }
            }
            tree.getRoot().getChildren().clear();
            for (DatasetSplits dataset : model.datasets()) {
                TreeItem<Item> d = new TreeItem<>(new Item(dataset, null));
                dataset.splits().forEach(s -> d.getChildren().add(new TreeItem<>(new Item(dataset, s))));
                d.setExpanded(!collapsed.contains(dataset.name()));
                tree.getRoot().getChildren().add(d);
            }
            selectOpen();
        } finally {
            updating = false;
        }
        updateEmpty();
    }

    private void selectOpen() {
        DatasetSplits open = model.openProperty().get();
        if (open == null) {
            return;
        }
        boolean was = updating;
        updating = true;
        try {
            for (TreeItem<Item> d : tree.getRoot().getChildren()) {
                if (d.getValue().dataset().isSameDataset(open)) {
                    TreeItem<Item> selected = tree.getSelectionModel().getSelectedItem();
                    boolean inside = selected != null && (selected == d || selected.getParent() == d);
                    if (!inside) {
                        tree.getSelectionModel().select(d);
                    }
                }
            }
        } finally {
            updating = was;
        }
    }

    private void updateEmpty() {
        showListOrEmpty(tree, model.datasets().isEmpty(), model.catalogue().phaseProperty().get(),
                model.searchProperty().get(), EMPTY);
    }

    TreeView<Item> tree() {
        return tree;
    }
}
