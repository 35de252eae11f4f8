package dev.tensorlens.ui.datasets;

import dev.tensorlens.mlstate.DatasetSplits;
import dev.tensorlens.redis.SplitEdit;
import dev.tensorlens.ui.common.CrumbTrail;
import dev.tensorlens.ui.common.Dialogs;
import dev.tensorlens.ui.common.EmptyState;
import dev.tensorlens.ui.common.LateParts;
import dev.tensorlens.ui.common.UiExecutor;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.controlsfx.control.BreadCrumbBar;
import org.controlsfx.control.NotificationPane;
import org.controlsfx.control.action.Action;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.List;
import java.util.Locale;

/**
 * Lays out the Datasets view and forwards what the user does to the model: the dataset list on the left; on the right
 * a trail (dataset › split), the Undo button, and three tabs — Overview (sizes, leaks, class balance), Members (a
 * split's ids, edited) and Find ids. What an edit did shows in a notification bar with its Undo. Ctrl+Z undoes.
 */
final class DatasetsController {

    private final DatasetsModel model;
    private final SplitPane root = new SplitPane();
    private final TabPane tabs = new TabPane();
    private final NotificationPane notifications;
    private final CrumbTrail crumbs = new CrumbTrail("datasets-trail");
    private final Label facts = new Label();

    DatasetsController(DatasetsModel model, Dialogs dialogs, UiExecutor ui) {
        this.model = model;
        root.getStyleClass().add("datasets");
        root.setId("datasets-view");
        DatasetListPane list = new DatasetListPane(model, () -> new GroupSetsDialog(root.getScene().getWindow(),
                model::findSets, ui).showAndWait().ifPresent(g -> model.group(g.name(), g.splits())));

        BreadCrumbBar<String> trail = crumbs.bar();
        trail.setOnCrumbAction(e -> {
            // the dataset's crumb shows its overview, the split's its members
            tabs.getSelectionModel().select(e.getSelectedCrumb().getParent() == null ? 0 : 1);
        });
        facts.setId("datasets-facts");
        facts.getStyleClass().add("muted");
        Button undo = new Button("Undo", new FontIcon(Feather.ROTATE_CCW));
        undo.setId("datasets-undo");
        undo.disableProperty().bind(Bindings.isEmpty(model.edits().history())
                .or(model.edits().canEditBinding().not()));
        undo.tooltipProperty().bind(Bindings.createObjectBinding(() -> new Tooltip(model.edits().history().isEmpty()
                ? "Nothing to undo" : "Undo (Ctrl+Z): " + last().sentence()), model.edits().history()));
        undo.setOnAction(e -> model.edits().undo());
        Label readOnly = new Label("Read-only profile: edits are off", new FontIcon(Feather.LOCK));
        readOnly.setId("datasets-read-only");
        readOnly.getStyleClass().add("muted");
        readOnly.visibleProperty().bind(model.readOnlyProperty());
        readOnly.managedProperty().bind(readOnly.visibleProperty());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox header = new HBox(10, trail, facts, gap, readOnly, undo);
        header.setAlignment(Pos.CENTER_LEFT);

        ProgressBar editing = new ProgressBar();
        editing.setId("datasets-edit-progress");
        editing.setMaxWidth(Double.MAX_VALUE);
        editing.progressProperty().bind(model.edits().progressProperty());
        editing.visibleProperty().bind(model.edits().busyProperty());
        editing.managedProperty().bind(editing.visibleProperty());
        Label editingText = new Label();
        editingText.setId("datasets-edit-progress-text");
        editingText.getStyleClass().add("muted");
        editingText.textProperty().bind(model.edits().progressTextProperty());
        editingText.visibleProperty().bind(model.edits().busyProperty());
        editingText.managedProperty().bind(editingText.visibleProperty());
        HBox.setHgrow(editing, Priority.ALWAYS);
        HBox editingRow = new HBox(8, editing, editingText);
        editingRow.setAlignment(Pos.CENTER_LEFT);
        editingRow.visibleProperty().bind(model.edits().busyProperty());
        editingRow.managedProperty().bind(editingRow.visibleProperty());

        Tab overviewTab = tab("Overview", "overview-tab", new OverviewPane(model));
        Tab membersTab = tab("Members", "members-tab", new MembersPane(model, dialogs));
        Tab lookupTab = tab("Find ids", "lookup-tab", new LookupPane(model.lookup()));
        tabs.getTabs().setAll(overviewTab, membersTab, lookupTab);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        notifications = new NotificationPane(tabs);
        notifications.setId("datasets-notifications");
        notifications.setShowFromTop(false); // at the bottom: over the tabs it would hide them while shown
        VBox.setVgrow(notifications, Priority.ALWAYS);

        VBox main = new VBox(10, header, editingRow, notifications);
        main.getStyleClass().add("datasets-main");
        EmptyState nothing = new EmptyState(Feather.PIE_CHART, "No dataset open",
                "Pick a dataset on the left to see its splits, their overlaps and their members.");
        nothing.setId("datasets-nothing");
        nothing.visibleProperty().bind(model.openProperty().isNull());
        main.visibleProperty().bind(model.openProperty().isNotNull());
        StackPane right = new StackPane(LateParts.mark(main), nothing);
        root.getItems().setAll(list, right);
        root.setDividerPositions(0.27);
        SplitPane.setResizableWithParent(list, false);

        model.openProperty().addListener((obs, old, d) -> showTrail());
        model.members().splitProperty().addListener((obs, old, s) -> showTrail());
        model.edits().messageProperty().addListener((obs, old, text) -> notify(text));
        root.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN).match(e)) {
                model.edits().undo();
                e.consume();
            }
        });
        showTrail();
    }

    private SplitEdit last() {
        return model.edits().history().get(model.edits().history().size() - 1);
    }

    private static Tab tab(String text, String id, Node content) {
        Tab tab = new Tab(text, content);
        tab.setId(id);
        return tab;
    }

    /** An edit's outcome in the bar over the tabs, with Undo while it can be undone. */
    private void notify(String text) {
        if (text == null || text.isEmpty()) {
            notifications.hide();
            return;
        }
        notifications.getActions().clear();
        if (!model.edits().history().isEmpty()) {
            notifications.getActions().add(new Action("Undo", e -> {
                notifications.hide();
                model.edits().undo();
            }));
        }
        notifications.setText(text);
        if (!notifications.isShowing()) {
            notifications.show();
        }
    }

    private void showTrail() {
        DatasetSplits d = model.openProperty().get();
        if (d == null) {
            crumbs.show(List.of());
            facts.setText("");
            return;
        }
        DatasetSplits.Split split = model.members().splitProperty().get();
        crumbs.show(split == null ? List.of(d.name()) : List.of(d.name(), split.name()));
        long total = d.totalSize();
        facts.setText(d.splits().size() + " splits" + (total > 0 ? String.format(Locale.ROOT, " · %,d ids · %s",
                total, d.ratios()) : ""));
    }

    Node root() {
        return root;
    }

    TabPane tabs() {
        return tabs;
    }
}
