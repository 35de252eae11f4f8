package dev.tensorlens.ui.datasets;

import dev.tensorlens.mlstate.DatasetSplits;
import dev.tensorlens.mlstate.RedisType;
import dev.tensorlens.ui.common.Dialogs;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.controlsfx.control.SegmentedButton;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.List;
import java.util.Locale;

/**
 * One split's members, a page at a time, with the edits: a segmented button picks the split, a filter narrows the
 * page reading ({@code MATCH}), and the toolbar adds ids, removes or moves the selected ones, edits a sorted set's
 * score and exports the split. Delete removes the selection (after asking).
 */
final class MembersPane extends VBox {

    private final DatasetsModel model;
    private final Dialogs dialogs;
    private final SegmentedButton splits = new SegmentedButton();
    private final TableView<MembersModel.Member> table = new TableView<>();
    private final MenuButton moveTo = new MenuButton("Move to", new FontIcon(Feather.CORNER_UP_RIGHT));
    private final TableColumn<MembersModel.Member, Number> score = new TableColumn<>("Score");
    private boolean updating;

    MembersPane(DatasetsModel model, Dialogs dialogs) {
        this.model = model;
        this.dialogs = dialogs;
        MembersModel members = model.members();
        EditsModel edits = model.edits();
        setId("datasets-members");
        getStyleClass().add("datasets-members");
        setSpacing(8);

        splits.setId("member-splits");
        splits.getToggleGroup().selectedToggleProperty().addListener((obs, old, toggle) -> {
            if (updating) {
                return;
            }
            if (toggle == null) {
                updating = true;
                old.setSelected(true); // a segmented button always shows one split
                updating = false;
            } else {
                members.show((DatasetSplits.Split) toggle.getUserData());
            }
        });
        TextField filter = new TextField();
        filter.setId("member-filter");
        filter.setPromptText("Filter ids (contains)");
        filter.setPrefColumnCount(14);
        filter.textProperty().bindBidirectional(members.filterProperty());

        BooleanBinding noSelection = Bindings.isEmpty(table.getSelectionModel().getSelectedItems());
        members.pickingProperty().bind(noSelection.not());
        BooleanBinding cannotEdit = edits.canEditBinding().not().or(members.splitProperty().isNull());
        Button add = tool("Add…", Feather.PLUS, "member-add", "Add ids: typed, pasted or imported from a text/CSV file");
        add.disableProperty().bind(cannotEdit);
        add.setOnAction(e -> edits.add(members.splitProperty().get()));
        Button remove = tool("Remove", Feather.TRASH_2, "member-remove", "Remove the selected ids (asks first; Delete)");
        remove.disableProperty().bind(cannotEdit.or(noSelection));
        remove.setOnAction(e -> removeSelected());
        moveTo.setId("member-move");
        moveTo.setTooltip(new Tooltip("Move the selected ids to another split (asks first)"));
        moveTo.disableProperty().bind(cannotEdit.or(noSelection));
        Button scoreButton = tool("Score…", Feather.SLIDERS, "member-score", "Change the selected id's sampling weight");
        scoreButton.disableProperty().bind(cannotEdit.or(Bindings.size(table.getSelectionModel().getSelectedItems())
                .isNotEqualTo(1)).or(Bindings.createBooleanBinding(() -> members.splitProperty().get() == null
                || members.splitProperty().get().type() != RedisType.ZSET, members.splitProperty())));
        scoreButton.visibleProperty().bind(Bindings.createBooleanBinding(() -> members.splitProperty().get() != null
                && members.splitProperty().get().type() == RedisType.ZSET, members.splitProperty()));
        scoreButton.managedProperty().bind(scoreButton.visibleProperty());
        scoreButton.setOnAction(e -> editScore());
        Button export = tool("Export…", Feather.DOWNLOAD, "member-export", "Write the whole split to a text file, one id per line");
        export.disableProperty().bind(members.splitProperty().isNull());
        export.setOnAction(e -> edits.export(members.splitProperty().get()));
        HBox.setHgrow(filter, Priority.ALWAYS);
        filter.setMaxWidth(360);
        HBox pick = new HBox(8, splits, filter);
        pick.setAlignment(Pos.CENTER_LEFT);
        for (Control c : List.of(add, remove, moveTo, scoreButton, export)) {
            c.setMinWidth(Region.USE_PREF_SIZE); // a button is never cut to "Re…"
        }
        HBox bar = new HBox(8, add, remove, moveTo, scoreButton, export);
        bar.setAlignment(Pos.CENTER_LEFT);

        table.setId("member-table");
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        TableColumn<MembersModel.Member, String> id = new TableColumn<>("Id");
        id.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().text()));
        score.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().score()));
        score.setMaxWidth(160);
        score.setPrefWidth(120);
        table.getColumns().setAll(List.of(id, score));
        table.setItems(members.rows());
        table.setPlaceholder(new Label("No members on this page"));
        table.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.DELETE && !remove.isDisabled()) {
                removeSelected();
            }
        });
        VBox.setVgrow(table, Priority.ALWAYS);

        Label status = new Label();
        status.setId("member-status");
        status.getStyleClass().add("muted");
        status.textProperty().bind(members.statusProperty());
        Button first = tool(null, Feather.CHEVRONS_LEFT, "member-first", "First page");
        first.disableProperty().bind(members.hasPreviousProperty().not());
        first.setOnAction(e -> members.first());
        Button previous = tool(null, Feather.CHEVRON_LEFT, "member-previous", "Previous page");
        previous.disableProperty().bind(members.hasPreviousProperty().not());
        previous.setOnAction(e -> members.previous());
        Button next = tool(null, Feather.CHEVRON_RIGHT, "member-next", "Next page (the server's cursor reads on)");
        next.disableProperty().bind(members.hasNextProperty().not());
        next.setOnAction(e -> members.next());
        Region gap2 = new Region();
        HBox.setHgrow(gap2, Priority.ALWAYS);
        HBox pager = new HBox(6, status, gap2, first, previous, next);
        pager.setAlignment(Pos.CENTER_LEFT);

        getChildren().addAll(pick, bar, table, pager);
        model.openProperty().addListener((obs, old, d) -> showSplits());
        members.splitProperty().addListener((obs, old, s) -> selectShown());
        showSplits();
    }

    private static Button tool(String text, Feather icon, String id, String tip) {
        Button b = new Button(text, new FontIcon(icon));
        b.setId(id);
        b.setTooltip(new Tooltip(tip));
        return b;
    }

    /** The split buttons and the Move menu follow the open dataset's splits. */
    private void showSplits() {
        updating = true;
        try {
            splits.getButtons().clear();
            moveTo.getItems().clear();
            DatasetSplits d = model.openProperty().get();
            if (d == null) {
                return;
            }
            for (DatasetSplits.Split s : d.splits()) {
                ToggleButton b = new ToggleButton(s.name());
                b.setMinWidth(Region.USE_PREF_SIZE);
                b.setId("member-split-" + s.name());
                b.setUserData(s);
                splits.getButtons().add(b);
                MenuItem item = new MenuItem(s.name());
                item.setId("move-to-" + s.name());
                item.setOnAction(e -> move(s));
                moveTo.getItems().add(item);
            }
        } finally {
            updating = false;
        }
        selectShown();
    }

    private void selectShown() {
        DatasetSplits.Split shown = model.members().splitProperty().get();
        updating = true;
        try {
            for (ToggleButton b : splits.getButtons()) {
                DatasetSplits.Split s = (DatasetSplits.Split) b.getUserData();
                b.setSelected(shown != null && s.key().equals(shown.key()));
            }
            for (MenuItem item : moveTo.getItems()) {
                item.setDisable(shown != null && item.getText().equals(shown.name()));
            }
            score.setVisible(shown != null && shown.type() == RedisType.ZSET);
        } finally {
            updating = false;
        }
    }

    private List<byte[]> selectedIds() {
        return table.getSelectionModel().getSelectedItems().stream().map(MembersModel.Member::id).toList();
    }

    private void removeSelected() {
        model.edits().remove(model.members().splitProperty().get(), selectedIds());
    }

    private void move(DatasetSplits.Split to) {
        model.edits().move(model.members().splitProperty().get(), to, selectedIds());
    }

    private void editScore() {
        MembersModel.Member member = table.getSelectionModel().getSelectedItem();
        DatasetSplits.Split split = model.members().splitProperty().get();
        if (member == null || split == null) {
            return;
        }
        dialogs.ask(new Dialogs.TextQuestion("score-dialog", "Change the score", "The score of " + member.text()
                + " in " + split.name(), "Score (sampling weight)", String.format(Locale.ROOT, "%s", member.score()),
                "a number such as 0.5", MembersPane::scoreProblem))
                .ifPresent(text -> model.edits().setScore(split, member.id(), Double.parseDouble(text.trim())));
    }

    static String scoreProblem(String text) {
        try {
            double v = Double.parseDouble(text.trim());
            return Double.isNaN(v) ? "A score must be a number, not NaN." : null;
        } catch (NumberFormatException e) {
            return "A score is a number, such as 1, 0.5 or 2e-3.";
        }
    }

    TableView<MembersModel.Member> table() {
        return table;
    }
}
