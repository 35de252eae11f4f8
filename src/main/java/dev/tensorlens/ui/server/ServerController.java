package dev.tensorlens.ui.server;

import atlantafx.base.controls.CustomTextField;
import dev.tensorlens.redis.ServerInfo;
import dev.tensorlens.ui.common.EmptyState;
import dev.tensorlens.ui.common.HumanReadable;
import dev.tensorlens.ui.common.Navigator;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

import java.time.Duration;
import java.util.function.Function;

/** Binds the server view's FXML to {@link ServerModel}. */
public final class ServerController {

    @FXML private StackPane root;
    @FXML private ScrollPane scroll;
    @FXML private Label targetLabel;
    @FXML private ProgressIndicator busyIndicator;
    @FXML private Label updatedLabel;
    @FXML private Button refreshButton;
    @FXML private Label errorLabel;
    @FXML private FlowPane cards;
    @FXML private TableView<ServerInfo.KeyspaceEntry> keyspaceTable;
    @FXML private TableColumn<ServerInfo.KeyspaceEntry, String> dbColumn;
    @FXML private TableColumn<ServerInfo.KeyspaceEntry, String> keysColumn;
    @FXML private TableColumn<ServerInfo.KeyspaceEntry, String> expiresColumn;
    @FXML private TableColumn<ServerInfo.KeyspaceEntry, String> avgTtlColumn;
    @FXML private CustomTextField filterField;
    @FXML private TableView<ServerModel.InfoRow> infoTable;
    @FXML private TableColumn<ServerModel.InfoRow, String> sectionColumn;
    @FXML private TableColumn<ServerModel.InfoRow, String> fieldColumn;
    @FXML private TableColumn<ServerModel.InfoRow, String> valueColumn;

    private static final double KEYSPACE_ROW_HEIGHT = 38;

    private final ServerModel model;
    private final Navigator navigator;
    private final EmptyState empty = new EmptyState();

    public ServerController(ServerModel model, Navigator navigator) {
        this.model = model;
        this.navigator = navigator;
    }

    @FXML
    private void initialize() {
        root.setId("server-view");
        targetLabel.textProperty().bind(Bindings.createStringBinding(() -> {
            var p = model.session().profileProperty().get();
            return p == null ? "" : p.displayName() + " · " + p.target();
        }, model.session().profileProperty()));
        busyIndicator.visibleProperty().bind(model.phaseProperty().isEqualTo(ServerModel.Phase.LOADING));
        updatedLabel.textProperty().bind(model.updatedProperty());
        model.staleProperty().addListener((obs, old, stale) -> {
            updatedLabel.getStyleClass().removeAll("stale-text", "muted");
            updatedLabel.getStyleClass().add(stale ? "stale-text" : "muted");
        });
        refreshButton.setOnAction(e -> model.refresh());
        refreshButton.disableProperty().bind(model.session().sessionProperty().isNull());
        errorLabel.textProperty().bind(model.errorProperty());
        errorLabel.visibleProperty().bind(model.errorProperty().isNotNull());
        errorLabel.managedProperty().bind(errorLabel.visibleProperty());

        model.stats().addListener((ListChangeListener<ServerStats.Stat>) c -> renderCards());

        keyspaceTable.setItems(model.keyspace());
        // as tall as its rows: a handful of databases should not leave a block of empty table
        keyspaceTable.setFixedCellSize(KEYSPACE_ROW_HEIGHT);
        keyspaceTable.prefHeightProperty().bind(Bindings.createDoubleBinding(
                () -> KEYSPACE_ROW_HEIGHT * (Math.max(1, Math.min(8, model.keyspace().size())) + 1) + 12,
                model.keyspace()));
        keyspaceTable.setPlaceholder(new Label("No keys in any database"));
        keyspaceTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        text(dbColumn, k -> "db" + k.database());
        text(keysColumn, k -> HumanReadable.count(k.keys()));
        text(expiresColumn, k -> HumanReadable.count(k.expires()));
        text(avgTtlColumn, k -> k.avgTtlMillis() == 0 ? "–" : HumanReadable.duration(Duration.ofMillis(k.avgTtlMillis())));

        filterField.setLeft(new FontIcon(Feather.SEARCH));
        filterField.textProperty().bindBidirectional(model.filterProperty());
        infoTable.setItems(model.infoRows());
        infoTable.setPlaceholder(new Label("No field matches the filter"));
        infoTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        text(sectionColumn, ServerModel.InfoRow::section);
        text(fieldColumn, ServerModel.InfoRow::field);
        text(valueColumn, ServerModel.InfoRow::value);

        root.getChildren().add(empty);
        model.phaseProperty().addListener((obs, old, phase) -> showPhase(phase));
        showPhase(model.phaseProperty().get());
    }

    /** Content when there is data; an empty state when there is none, saying why. */
    private void showPhase(ServerModel.Phase phase) {
        boolean hasData = model.overviewProperty().get() != null;
        switch (phase) {
            case NOT_CONNECTED -> empty.show(Feather.LINK, "Not connected",
                            "Connect to a Redis server to see its version, memory, clients and keyspace.")
                    .withAction("Open connections…", navigator::openConnectionManager);
            case LOADING -> empty.show(Feather.LOADER, "Reading the server…", "INFO, DBSIZE and ROLE are on their way.");
            case FAILED -> empty.show(Feather.ALERT_TRIANGLE, "Could not read the server", model.errorProperty().get())
                    .withAction("Try again", model::refresh);
            case LOADED -> { }
        }
        empty.setVisible(!hasData || phase == ServerModel.Phase.NOT_CONNECTED);
        scroll.setVisible(!empty.isVisible());
    }

    private void renderCards() {
        cards.getChildren().clear();
        for (ServerStats.Stat stat : model.stats()) {
            Label title = new Label(stat.title());
            title.getStyleClass().add("stat-title");
            Label value = new Label(stat.value());
            value.getStyleClass().add("stat-value");
            value.setId("stat-" + stat.id());
            Label detail = new Label(stat.detail());
            detail.getStyleClass().add("stat-detail");
            VBox card = new VBox(title, value, detail);
            card.getStyleClass().add("stat-card");
            cards.getChildren().add(card);
        }
    }

    private static <S> void text(TableColumn<S, String> column, Function<S, String> value) {
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
    }

    void focusFilter() {
        filterField.requestFocus();
        filterField.selectAll();
    }

    public StackPane root() {
        return root;
    }
}
