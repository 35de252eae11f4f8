package dev.tensorlens.ui.browser.value;

import atlantafx.base.controls.CustomTextField;
import dev.tensorlens.ui.common.EmptyState;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.util.function.Function;

/**
 * A collection's pages: the filter, the table (columns by type), "n of N loaded" and Load more, and below the
 * table the selected member — a hash field's tensor view, or the member's full text.
 */
final class CollectionView extends VBox {

    private final CollectionModel model;
    private final CustomTextField filter = new CustomTextField();
    private final TableView<CollectionRow> table = new TableView<>();
    private final TextArea selectedText = new TextArea();
    private final TensorView fieldTensor;
    private final EmptyState fieldState = new EmptyState();
    private final StackPane detail = new StackPane();
    private final DoubleProperty scrollBarRoom = new SimpleDoubleProperty(16);
    private boolean filterFromModel;

    CollectionView(CollectionModel model) {
        this.model = model;
        getStyleClass().add("collection-view");

        filter.setId("collection-filter");
        filter.setLeft(new FontIcon(Feather.SEARCH));
        filter.setPromptText("Filter (Ctrl+F)");
        filter.setPrefColumnCount(18);
        filter.setMinWidth(140);
        HBox.setHgrow(filter, Priority.ALWAYS);
        // typing restarts a server-side scan: wait for a pause, and the latest text wins in the model
        PauseTransition typing = new PauseTransition(Duration.millis(250));
        typing.setOnFinished(e -> model.filterProperty().set(filter.getText()));
        filter.textProperty().addListener((obs, old, text) -> {
            if (!filterFromModel) {
                typing.playFromStart();
            }
        });
        filter.setOnAction(e -> {
            typing.stop();
            model.filterProperty().set(filter.getText());
        });
        model.filterProperty().addListener((obs, old, text) -> {
            if (!text.equals(filter.getText())) {
                filterFromModel = true;
                filter.setText(text);
                filterFromModel = false;
            }
        });
        Label note = new Label();
        note.getStyleClass().addAll("muted", "filter-note");
        note.textProperty().bind(model.filterNoteProperty());
        note.setWrapText(true);
        note.visibleProperty().bind(note.textProperty().isNotEmpty());
        note.managedProperty().bind(note.visibleProperty());
        Label loaded = new Label();
        loaded.setId("collection-loaded");
        loaded.getStyleClass().add("muted");
        loaded.textProperty().bind(model.loadedTextProperty());
        loaded.setMinWidth(Region.USE_PREF_SIZE);
        Button loadMore = new Button("Load more", new FontIcon(Feather.CHEVRONS_DOWN));
        loadMore.setId("load-more-button");
        loadMore.disableProperty().bind(model.canLoadMoreProperty().not().or(model.loadingProperty()));
        loadMore.setOnAction(e -> model.loadMore());
        loadMore.setMinWidth(Region.USE_PREF_SIZE);
        HBox controls = new HBox(10, filter, loaded, loadMore);
        controls.setAlignment(Pos.CENTER_LEFT);
        // the note can be a long sentence: on its own line under the filter it wraps instead of crowding the row
        VBox toolbar = new VBox(6, controls, note);
        toolbar.getStyleClass().add("collection-toolbar");

        table.setId("collection-table");
        table.setItems(model.rows());
        // columns share the width by fraction; a constrained policy squeezed columns added after the first layout
        table.setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
        table.setPlaceholder(new Label("Nothing here matches the filter"));
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, row) -> model.selectedProperty().set(row));
        model.selectedProperty().addListener((obs, old, row) -> {
            if (row == null) {
                table.getSelectionModel().clearSelection();
            }
        });
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(CollectionRow row, boolean empty) {
                super.updateItem(row, empty);
                // scrolling to the last loaded row loads the next page
                if (!empty && getIndex() == table.getItems().size() - 1 && model.canLoadMoreProperty().get()
                        && table.getItems().size() == model.loadedCount()) {
                    Platform.runLater(model::loadMore);
                }
            }
        });
        model.typeProperty().addListener((obs, old, type) -> columnsFor(type));
        // the window may be made off the FX thread (MainWindow.prepare): then nothing is queued to the FX thread, which
        // would touch this table while the other thread styles it; the skin's scroll bars are there already
        table.skinProperty().addListener((obs, old, skin) -> {
            if (!watchScrollBar() && Platform.isFxApplicationThread()) {
                Platform.runLater(this::watchScrollBar);
            }
        });

        fieldTensor = new TensorView(model.detail().fieldTensors(), "field-tensor-summary");
        selectedText.setEditable(false);
        selectedText.setWrapText(true);
        selectedText.getStyleClass().add("value-text");
        fieldState.setVisible(false);
        fieldState.actionButton().setId("read-field-anyway-button");
        detail.getChildren().addAll(selectedText, fieldTensor, fieldState);
        detail.getStyleClass().add("collection-detail");
        selectedText.textProperty().bind(model.detail().selectedTextProperty());
        model.detail().fieldPhaseProperty().addListener((obs, old, p) -> showField());
        model.detail().fieldTensors().resultProperty().addListener((obs, old, r) -> showField());
        model.selectedProperty().addListener((obs, old, r) -> showField());
        showField();

        SplitPane split = new SplitPane(table, detail);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.58);
        VBox.setVgrow(split, Priority.ALWAYS);
        getChildren().addAll(toolbar, split);
    }

    private void showField() {
        MemberDetail.FieldPhase phase = model.detail().fieldPhaseProperty().get();
        boolean tensor = model.detail().fieldTensors().resultProperty().get() != null;
        fieldState.setVisible(model.selectedProperty().get() == null || phase == MemberDetail.FieldPhase.LOADING
                || phase == MemberDetail.FieldPhase.TOO_BIG || phase == MemberDetail.FieldPhase.FAILED);
        fieldTensor.setVisible(!fieldState.isVisible() && tensor);
        selectedText.setVisible(!fieldState.isVisible() && !tensor);
        switch (phase) {
            case LOADING -> fieldState.show(Feather.LOADER, "Reading the field…", model.detail().fieldMessageProperty().get());
            case TOO_BIG -> fieldState.show(Feather.ALERT_CIRCLE, "Large field", model.detail().fieldMessageProperty().get())
                    .withAction("Read anyway", model.detail()::readFieldAnyway);
            case FAILED -> fieldState.show(Feather.ALERT_TRIANGLE, "Could not read the field", model.detail().fieldMessageProperty().get());
            default -> fieldState.show(Feather.MOUSE_POINTER, "Nothing selected",
                    "Select a row to see all of it" + ("hash".equals(model.typeProperty().get())
                            ? ", and the tensor it holds." : "."));
        }
    }

    private void columnsFor(String type) {
        table.getColumns().clear();
        switch (type) {
            case "hash" -> {
                // a tensor field's raw value is escaped bytes; its summary is what people read
                table.getColumns().add(text("Field", 0.28, CollectionRow::memberText));
                table.getColumns().add(text("Value", 0.30, CollectionRow::valueText));
                table.getColumns().add(tensorColumn());
            }
            case "set" -> table.getColumns().add(text("Member", 1.0, CollectionRow::memberText));
            case "zset" -> {
                table.getColumns().add(text("Member", 0.75, CollectionRow::memberText));
                table.getColumns().add(text("Score", 0.25, CollectionRow::scoreText));
            }
            case "list" -> {
                table.getColumns().add(text("Index", 0.12, CollectionRow::positionText));
                table.getColumns().add(text("Element", 0.88, CollectionRow::memberText));
            }
            case "stream" -> {
                table.getColumns().add(text("ID", 0.32, CollectionRow::positionText));
                table.getColumns().add(text("Fields", 0.68, CollectionRow::fieldsText));
            }
            default -> { }
        }
    }

    /** Decodes a field when its row is first shown, and follows the summary as it arrives. */
    private TableColumn<CollectionRow, String> tensorColumn() {
        TableColumn<CollectionRow, String> c = new TableColumn<>("Tensor");
        share(c, 0.42);
        c.setCellValueFactory(cell -> cell.getValue().tensorSummaryProperty());
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(empty ? null : text);
                CollectionRow row = empty || getTableRow() == null ? null : getTableRow().getItem();
                model.requestSummary(row);
            }
        });
        c.getStyleClass().add("tensor-column");
        return c;
    }

    private TableColumn<CollectionRow, String> text(String title, double fraction, Function<CollectionRow, String> value) {
        TableColumn<CollectionRow, String> c = new TableColumn<>(title);
        share(c, fraction);
        c.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        return c;
    }

    /**
     * The column takes {@code fraction} of the room inside the table's border and beside its vertical scroll bar
     * while that shows, so the columns fill the table exactly and never make it scroll sideways.
     */
    private void share(TableColumn<CollectionRow, String> c, double fraction) {
        c.prefWidthProperty().bind(Bindings.createDoubleBinding(() -> {
            double room = table.getWidth() - table.snappedLeftInset() - table.snappedRightInset()
                    - scrollBarRoom.get() - 1; // the last pixel keeps rounding from adding a scroll bar
            return Math.floor(Math.max(0, room) * fraction);
        }, table.widthProperty(), scrollBarRoom));
    }

    /** Binds the room kept for the table's vertical scroll bar to it; false when the bar is not made yet. */
    private boolean watchScrollBar() {
        for (Node n : table.lookupAll(".scroll-bar")) {
            if (n instanceof ScrollBar bar && bar.getOrientation() == Orientation.VERTICAL) {
                scrollBarRoom.bind(Bindings.when(bar.visibleProperty()).then(bar.widthProperty()).otherwise(0.0));
                return true;
            }
        }
        return false;
    }

    CustomTextField filterField() {
        return filter;
    }

}
