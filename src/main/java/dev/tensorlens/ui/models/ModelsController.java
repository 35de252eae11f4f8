package dev.tensorlens.ui.models;

import dev.tensorlens.mlstate.ModelEntry;
import dev.tensorlens.mlstate.ModelVersion;
import dev.tensorlens.mlstate.ModuleTree;
import dev.tensorlens.ui.common.CrumbTrail;
import dev.tensorlens.ui.common.Dialogs;
import dev.tensorlens.ui.common.EmptyState;
import dev.tensorlens.ui.common.LateParts;
import dev.tensorlens.ui.common.Toggles;
import javafx.beans.binding.Bindings;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.TreeItem;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.controlsfx.control.BreadCrumbBar;
import org.controlsfx.control.NotificationPane;
import org.controlsfx.control.SegmentedButton;
import org.controlsfx.control.ToggleSwitch;
import org.kordamp.ikonli.feather.Feather;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Lays the Models view out and binds it to {@link ModelsModel}: the catalogue on the left; on the right a trail
 * (model › version › layer) over four tabs — the layer table (or module tree) beside the picked layer's plots, the
 * whole-model overview, a comparison of two versions, and the picked layer's history across versions. Thin: the
 * state and the work are the model's.
 */
final class ModelsController {

    private final ModelsModel model;
    private final StackPane root = new StackPane();
    private final TabPane tabs = new TabPane();
    private final LayerTable table;
    private final ModuleTable modules;
    private final CataloguePane catalogue;
    private final TextField filter = new TextField();
    private boolean syncing;

    ModelsController(ModelsModel model, Dialogs dialogs, Executor background) {
        this.model = model;
        CheckpointModel checkpoint = model.checkpoint();
        root.setId("models-view");
        root.getStyleClass().add("models");

        catalogue = new CataloguePane(model);
        table = new LayerTable(checkpoint);
        modules = new ModuleTable(checkpoint);
        LayerDetailPane detail = new LayerDetailPane(model.detail(), dialogs, background);

        Tab layers = new Tab("Layers", layersTab(checkpoint, detail));
        layers.setId("layers-tab");
        // the tabs behind the first come back after the window's first frame each on a frame of its own (LateParts)
        Tab overview = new Tab("Overview", LateParts.mark(new OverviewPane(model, background, this::pickByIndex)));
        overview.setId("overview-tab");
        Tab compare = new Tab("Compare", LateParts.mark(new ComparisonPane(model.comparison(), background)));
        compare.setId("compare-tab");
        Tab history = new Tab("History", LateParts.mark(new HistoryPane(model.history(), background)));
        history.setId("history-tab");
        tabs.getTabs().addAll(layers, overview, compare, history);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setId("models-tabs");

        NotificationPane notices = new NotificationPane(tabs);
        notices.setShowFromTop(true);
        model.noticeProperty().addListener((obs, old, text) -> {
            if (text == null) {
                notices.hide();
            } else {
                notices.show(text);
            }
        });
        model.catalogue().errorProperty().addListener((obs, old, text) -> {
            if (text != null) {
                notices.show(text);
            }
        });
        VBox.setVgrow(notices, Priority.ALWAYS);

        VBox right = new VBox(8, trail(), notices);
        right.getStyleClass().add("models-main");
        EmptyState nothingOpen = new EmptyState();
        nothingOpen.setId("models-nothing-open");
        nothingOpen.show(Feather.BOX, "No checkpoint open", "Pick a version on the left to see its layers.");
        nothingOpen.visibleProperty().bind(model.openVersionProperty().isNull());
        right.visibleProperty().bind(model.openVersionProperty().isNotNull());

        SplitPane split = new SplitPane(catalogue, new StackPane(nothingOpen, LateParts.mark(right)));
        split.setDividerPositions(0.26);
        SplitPane.setResizableWithParent(catalogue, false);
        root.getChildren().add(split);

        table.getSelectionModel().selectedItemProperty().addListener((obs, old, row) -> {
            if (!syncing && row != null) {
                model.pick(row);
            }
        });
        modules.getSelectionModel().selectedItemProperty().addListener((obs, old, item) -> {
            if (!syncing && item != null && item.getValue().layer() != null) {
                checkpoint.rows().stream().filter(r -> r.layer().equals(item.getValue().layer())).findFirst()
                        .ifPresent(model::pick);
            }
        });
        model.detail().rowProperty().addListener((obs, old, row) -> selectInTables(row));
        // the module tree is made when first shown: the layer picked meanwhile is picked in it then
        modules.rootProperty().addListener((obs, old, root) -> selectInTables(model.detail().rowProperty().get()));
    }

    private Node layersTab(CheckpointModel checkpoint, LayerDetailPane detail) {
        ToggleButton flat = new ToggleButton("Table");
        flat.setId("layers-table-mode");
        ToggleButton tree = new ToggleButton("Modules");
        tree.setId("layers-modules-mode");
        SegmentedButton mode = new SegmentedButton(flat, tree);
        flat.setSelected(true);
        Toggles.keepOneSelected(mode.getToggleGroup());
        filter.setId("layers-filter");
        filter.setPromptText("Filter layers (Ctrl+F)");
        filter.textProperty().bindBidirectional(checkpoint.filterProperty());
        HBox.setHgrow(filter, Priority.ALWAYS);
        ToggleSwitch flagged = new ToggleSwitch("Flagged only");
        flagged.setId("layers-flagged-only");
        flagged.selectedProperty().bindBidirectional(checkpoint.flaggedOnlyProperty());
        for (ToggleButton b : List.of(flat, tree)) {
            b.setMinWidth(Region.USE_PREF_SIZE);
        }
        flagged.setMinWidth(Region.USE_PREF_SIZE);
        HBox bar = new HBox(10, mode, filter, flagged);
        bar.setAlignment(Pos.CENTER_LEFT);

        Label totals = new Label();
        totals.setId("layers-totals");
        totals.getStyleClass().add("muted");
        totals.textProperty().bind(checkpoint.totalsProperty());

        EmptyState state = new EmptyState();
        state.setId("layers-state");
        checkpoint.phaseProperty().addListener((obs, old, p) -> showState(state, checkpoint));
        checkpoint.errorProperty().addListener((obs, old, e) -> showState(state, checkpoint));
        showState(state, checkpoint);
        table.visibleProperty().bind(flat.selectedProperty().and(checkpoint.phaseProperty()
                .isEqualTo(CheckpointModel.Phase.LOADED)));
        modules.visibleProperty().bind(tree.selectedProperty().and(checkpoint.phaseProperty()
                .isEqualTo(CheckpointModel.Phase.LOADED)));
        state.visibleProperty().bind(checkpoint.phaseProperty().isNotEqualTo(CheckpointModel.Phase.LOADED));
        StackPane tables = new StackPane(table, modules, state);
        VBox.setVgrow(tables, Priority.ALWAYS);

        VBox left = new VBox(8, bar, tables, totals);
        left.getStyleClass().add("layers-side");
        // the table above the plots: its thirteen columns want the width more than the plots want the height
        SplitPane split = new SplitPane(left, detail);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.45);
        return split;
    }

    private static void showState(EmptyState state, CheckpointModel checkpoint) {
        switch (checkpoint.phaseProperty().get()) {
            case LOADING -> state.show(Feather.LOADER, "Reading the tensors' headers…",
                    "Layers are listed from the first bytes of each value; statistics follow in the background.");
            case FAILED -> state.show(Feather.ALERT_TRIANGLE, "This checkpoint could not be listed",
                    checkpoint.errorProperty().get());
            default -> state.show(Feather.BOX, "No checkpoint open", "Pick a version on the left.");
        }
    }

    /** model › version › layer, each step clickable back to its level. */
    private Node trail() {
        CrumbTrail trail = new CrumbTrail("models-trail");
        BreadCrumbBar<String> crumbs = trail.bar();
        Runnable update = () -> {
            ModelEntry m = model.openModelProperty().get();
            ModelVersion v = model.openVersionProperty().get();
            LayerRow row = model.detail().rowProperty().get();
            List<String> path = new ArrayList<>();
            if (m != null && v != null) {
                path.add(m.name() + (m.variant().isEmpty() ? "" : " · " + m.variant()));
                path.add(v.version());
                if (row != null) {
                    path.add(row.name());
                }
            }
            trail.show(path);
        };
        model.openModelProperty().addListener((obs, old, v) -> update.run());
        model.openVersionProperty().addListener((obs, old, v) -> update.run());
        model.detail().rowProperty().addListener((obs, old, v) -> update.run());
        crumbs.setOnCrumbAction(e -> {
            if (e.getSelectedCrumb().getParent() == null) {
                tabs.getSelectionModel().select(1); // the model: its overview
            } else {
                tabs.getSelectionModel().select(0);
            }
        });
        Label layout = new Label();
        layout.getStyleClass().add("muted");
        layout.textProperty().bind(Bindings.createStringBinding(() -> {
            ModelEntry m = model.openModelProperty().get();
            return m == null ? "" : CataloguePane.layoutWords(m.layout())
                    + m.versionIndexKey().map(k -> " · versions from " + k).orElse("");
        }, model.openModelProperty()));
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox box = new HBox(10, crumbs, gap, layout);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    /** The overview's bar picked: the same layer in the table and the plots. */
    private void pickByIndex(int index) {
        if (index >= 0 && index < model.checkpoint().rows().size()) {
            model.pick(model.checkpoint().rows().get(index));
        }
    }

    private void selectInTables(LayerRow row) {
        if (row == null) {
            return;
        }
        syncing = true;
        try {
            if (table.getSelectionModel().getSelectedItem() != row) {
                table.getSelectionModel().select(row);
                int at = table.getItems().indexOf(row);
                if (at >= 0) {
                    table.scrollTo(Math.max(0, at - 3));
                }
            }
            if (modules.getRoot() != null) {
                TreeItem<ModuleTree.Node> item = find(modules.getRoot(), row);
                if (item != null) {
                    for (TreeItem<ModuleTree.Node> p = item.getParent(); p != null; p = p.getParent()) {
                        p.setExpanded(true);
                    }
                    modules.getSelectionModel().select(item);
                }
            }
        } finally {
            syncing = false;
        }
    }

    private static TreeItem<ModuleTree.Node> find(TreeItem<ModuleTree.Node> at, LayerRow row) {
        if (at.getValue() != null && row.layer().equals(at.getValue().layer())) {
            return at;
        }
        for (TreeItem<ModuleTree.Node> c : at.getChildren()) {
            TreeItem<ModuleTree.Node> found = find(c, row);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    Node root() {
        return root;
    }

    void focusSearch() {
        if (tabs.getSelectionModel().getSelectedIndex() == 0 && model.openVersionProperty().get() != null) {
            filter.requestFocus();
        } else {
            catalogue.lookup("#models-search").requestFocus();
        }
    }

    /** See {@link LayerTable#showPlaceholders()}. */
    Runnable showPlaceholders() {
        return table.showPlaceholders();
    }
}
